namespace Minato.Disaster.Reports;

/// <summary>
/// A report as the staff API and the live situation show it (the report JSON of the API contract). Holds the reporter's
/// subject and role (together the reporter's identity): staff only, never on a public endpoint or in a public
/// projection. Times in UTC.
/// </summary>
public sealed record ReportView(
    long Id,
    string Category,
    int Severity,
    string Status,
    GeoJsonGeometry Geometry,
    string? District,
    string? Note,
    string? Assignee,
    DateTimeOffset ObservedAt,
    DateTimeOffset ReportedAt,
    string ReportedBy,
    string ReporterRole,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ReportPhoto> Photos,
    IReadOnlyList<ReportHistoryEntry> History,
    IReadOnlyList<long> BlockedRoads);
