namespace Minato.Disaster.Tasks;

/// <summary>The body of <c>POST /api/tasks</c> (nullable so a missing field is reported as missing).</summary>
public sealed record NewTask(string? Type, string? Title, string? Body, string? Priority, DateTimeOffset? DueAt, TaskUnitInput? To)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 4000;

    /// <summary>Field errors; empty when well formed. Routing (who may send what to whom) is checked by <see cref="TaskStore"/>.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Type is null || !TaskStatuses.Types.Contains(Type, StringComparer.Ordinal))
        {
            errors["type"] = ["type must be 'instruction' or 'request' / 種別が不正です"];
        }

        if (string.IsNullOrWhiteSpace(Title) || Title.Trim().Length > MaxTitle)
        {
            errors["title"] = [$"title must be 1–{MaxTitle} characters / 件名を入力してください"];
        }

        if (Body is { Length: > MaxBody })
        {
            errors["body"] = [$"body is limited to {MaxBody} characters / 本文が長すぎます"];
        }

        if (Priority is not null && !TaskStatuses.Priorities.Contains(Priority, StringComparer.Ordinal))
        {
            errors["priority"] = [$"priority must be one of {string.Join(", ", TaskStatuses.Priorities)} / 優先度が不正です"];
        }

        if (DueAt is { } due && due <= now)
        {
            errors["dueAt"] = [$"dueAt {due:O} is not in the future / 期限が過去です"];
        }

        if (To is null)
        {
            errors["to"] = ["to is required: {\"kind\":\"district\",\"id\":\"shiba\"} / 宛先を指定してください"];
        }
        else if (TaskUnit.Check(To.Kind, To.Id) is { } unitError)
        {
            errors["to"] = [unitError];
        }

        return errors;
    }
}
