namespace Minato.Disaster.Tasks;

/// <summary>The result of a task operation: the task as it now is, or why nothing changed.</summary>
public sealed record TaskResult(TaskOutcome Outcome, TaskItem? Task, string? Error = null)
{
    public static TaskResult Ok(TaskItem task) => new(TaskOutcome.Ok, task);

    public static TaskResult Fail(TaskOutcome outcome, string error) => new(outcome, null, error);
}
