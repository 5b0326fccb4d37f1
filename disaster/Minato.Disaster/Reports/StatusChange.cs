namespace Minato.Disaster.Reports;

/// <summary>A requested status transition with an optional note and assignee (required when moving to <c>assigned</c>).</summary>
public sealed record StatusChange(string Status, string? Note, string? Assignee);
