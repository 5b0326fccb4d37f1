namespace Minato.Disaster.Tasks;

/// <summary>Task types, priorities and statuses (wire values).</summary>
public static class TaskStatuses
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string InProgress = "in-progress";
    public const string Done = "done";
    public const string Cancelled = "cancelled";

    public const string Instruction = "instruction";
    public const string Request = "request";

    public static IReadOnlyList<string> All { get; } = [Open, Acknowledged, InProgress, Done, Cancelled];

    public static IReadOnlyList<string> Types { get; } = [Instruction, Request];

    /// <summary>Lowest first; the queue orders by this, descending.</summary>
    public static IReadOnlyList<string> Priorities { get; } = ["low", "normal", "high", "urgent"];

    public static bool IsFinal(string status) => status is Done or Cancelled;
}
