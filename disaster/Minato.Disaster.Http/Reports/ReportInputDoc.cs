namespace Minato.Disaster.Http.Reports;

/// <summary>
/// The new report's JSON as documented in OpenAPI (the endpoint reads the body itself to give specific errors):
/// category (building-damage | fire | road-blocked | flooding | landslide | injured | other), severity 1–5, a GeoJSON
/// Point or LineString (lon, lat), an optional note and the time observed (default: now).
/// </summary>
public sealed record ReportInputDoc(string Category, int Severity, Minato.Disaster.Reports.GeoJsonGeometry Geometry, string? Note,
    DateTimeOffset? ObservedAt);
