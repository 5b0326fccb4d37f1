namespace Minato.Disaster.Reports;

/// <summary>
/// Which reports to list. <paramref name="Bbox"/>: minLon, minLat, maxLon, maxLat (EPSG:6668). Visibility:
/// <paramref name="OwnSubject"/> null = everything (HQ); else only the reports filed by that subject in
/// <paramref name="OwnRole"/> (an identity is both), plus those of <paramref name="OwnDistrict"/> when set (district staff).
/// </summary>
public sealed record ReportFilter(
    long? Id = null,
    IReadOnlyList<string>? Statuses = null,
    IReadOnlyList<string>? Categories = null,
    string? District = null,
    double[]? Bbox = null,
    string? OwnSubject = null,
    string? OwnDistrict = null,
    int Limit = 500,
    string? OwnRole = null);
