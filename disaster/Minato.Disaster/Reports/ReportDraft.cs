using NetTopologySuite.Geometries;

namespace Minato.Disaster.Reports;

/// <summary>A validated new report. <paramref name="Geometry"/>: Point or LineString in EPSG:6668 (lon, lat).</summary>
public sealed record ReportDraft(string Category, int Severity, Geometry Geometry, string? Note, DateTimeOffset ObservedAt);
