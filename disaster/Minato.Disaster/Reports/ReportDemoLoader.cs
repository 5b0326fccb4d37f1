using Minato.Disaster.Results;
using System.Globalization;
using System.Text.Json;
using Minato.Disaster.Idempotency;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.Reports;

/// <summary>
/// Loads the demo's made-up field reports (<c>ops/reports.json</c> of the demo folder) through <see cref="ReportStore"/>,
/// so they are validated, located, audited and block roads like real ones. Each report has an idempotency key: a second
/// load replays instead of creating, and the status steps are applied only on the first.
/// </summary>
public static class ReportDemoLoader
{
    public const string File = "ops/reports.json";

    /// <summary>Loads the file when present; returns a line for the console.</summary>
    public static async Task<string> LoadAsync(NpgsqlDataSource db, string folder, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, File);
        if (!System.IO.File.Exists(path))
        {
            return $"demo reports: {File} not found, none loaded";
        }

        var options = new ReportOptions();
        var service = new ReportStore(db, new IdempotencyStore(time, new IdempotencyOptions()), NoSituationBus.Instance, time, options);
        using var doc = JsonDocument.Parse(await System.IO.File.ReadAllBytesAsync(path, cancellationToken));
        int created = 0, existing = 0;
        var problems = new List<string>();
        foreach (var item in doc.RootElement.GetProperty("reports").EnumerateArray())
        {
            var key = item.GetProperty("key").GetString()!;
            var body = JsonSerializer.SerializeToUtf8Bytes(item.GetProperty("report"));
            var validation = ReportValidator.Validate(body, options, time.GetUtcNow());
            if (!validation.IsValid)
            {
                problems.Add($"{key}: {string.Join("; ", validation.Errors.SelectMany(e => e.Value))}");
                continue;
            }

            var reporter = new Actor(item.GetProperty("by").GetString()!, MinatoClaims.Field);
            var outcome = await service.CreateAsync(reporter, key, IdempotencyStore.Hash([body]), validation.Draft!, [], cancellationToken);
            if (outcome.Status != OutcomeStatus.Ok)
            {
                if (outcome.Status == OutcomeStatus.Replayed || outcome.Errors?.ContainsKey(ReportReply.IdempotencyKeyField) == true)
                {
                    existing++;
                }
                else
                {
                    problems.Add($"{key}: {outcome.Status} {outcome.Detail}");
                }

                continue;
            }

            created++;
            if (item.TryGetProperty("then", out var steps))
            {
                foreach (var step in steps.EnumerateArray())
                {
                    var actor = new Actor(step.GetProperty("by").GetString()!, step.GetProperty("role").GetString()!,
                        step.TryGetProperty("district", out var d) ? d.GetString() : null);
                    var change = new StatusChange(step.GetProperty("status").GetString()!,
                        step.TryGetProperty("note", out var n) ? n.GetString() : null, step.TryGetProperty("assignee", out var a)
                            ? a.GetString() : null);
                    var moved = await service.ChangeStatusAsync(actor, outcome.Value!.Report!.Id, change, cancellationToken);
                    if (!moved.Succeeded)
                    {
                        problems.Add($"{key} → {change.Status}: {moved.Status} {moved.Detail}");
                    }
                }
            }
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"demo reports: {created} created, {existing} already there");
        return problems.Count == 0 ? line : line + "; problems: " + string.Join(" | ", problems);
    }
}
