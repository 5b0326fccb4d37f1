namespace Minato.Disaster.Reports;

/// <summary>
/// The status workflow: reported → confirmed → assigned → in-progress → resolved, and rejected from reported or
/// confirmed. Resolved and rejected are final ("closed"); everything else is open.
/// </summary>
public static class ReportStatuses
{
    public const string Reported = "reported";
    public const string Confirmed = "confirmed";
    public const string Assigned = "assigned";
    public const string InProgress = "in-progress";
    public const string Resolved = "resolved";
    public const string Rejected = "rejected";

    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [Reported] = [Confirmed, Rejected],
        [Confirmed] = [Assigned, Rejected],
        [Assigned] = [InProgress],
        [InProgress] = [Resolved],
        [Resolved] = [],
        [Rejected] = [],
    };

    public static IReadOnlyList<string> All { get; } = [.. Next.Keys];

    /// <summary>The statuses a client may move a report to (every one but the initial).</summary>
    public static IReadOnlyList<string> Targets { get; } = [Confirmed, Assigned, InProgress, Resolved, Rejected];

    public static bool IsKnown(string? status) => status is not null && Next.ContainsKey(status);

    public static bool IsClosed(string status) => status is Resolved or Rejected;

    public static bool CanMove(string from, string to) => Next.TryGetValue(from, out var next) && next.Contains(to, StringComparer.Ordinal);

    /// <summary>The statuses reachable from <paramref name="from"/>.</summary>
    public static IReadOnlyList<string> NextOf(string from) => Next.TryGetValue(from, out var next) ? next : [];
}
