namespace Minato.Disaster.Reports;

/// <summary>One step of a report's workflow: the status it moved to, when (UTC) and by whom (token subject).</summary>
public sealed record ReportHistoryEntry(string Status, DateTimeOffset At, string By, string? Note, string? Assignee = null);
