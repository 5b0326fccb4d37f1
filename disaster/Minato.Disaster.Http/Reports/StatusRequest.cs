namespace Minato.Disaster.Http.Reports;

/// <summary>Body of <c>POST /api/reports/{id}/status</c>.</summary>
/// <param name="Status">confirmed | assigned | in-progress | resolved | rejected.</param>
/// <param name="Note">Why (optional, up to the note limit).</param>
/// <param name="Assignee">Team or person the report is assigned to; required for <c>assigned</c>.</param>
public sealed record StatusRequest(string? Status, string? Note, string? Assignee);
