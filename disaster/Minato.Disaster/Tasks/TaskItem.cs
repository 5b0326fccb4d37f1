namespace Minato.Disaster.Tasks;

/// <summary>
/// An instruction or request (the JSON of <c>/api/tasks</c> and of the live kind <c>task</c>). <see cref="Overdue"/>:
/// the due time has passed and the task is not done or cancelled (as of when it was read). <see cref="District"/> and
/// <see cref="Shelter"/>: the district and centre the task concerns (who sees it).
/// </summary>
public sealed record TaskItem(
    long Id,
    string Type,
    string Title,
    string Body,
    string Priority,
    DateTimeOffset? DueAt,
    string Status,
    TaskParty From,
    TaskUnit To,
    string? District,
    string? Shelter,
    TaskForwarding? Forwarded,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    bool Overdue,
    DateTimeOffset? EscalatedAt,
    IReadOnlyList<TaskMessage> Messages,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
