namespace Minato.Disaster.Reports;

/// <summary>Wire form of a report's GeoJSON geometry: <c>Point</c> with [lon, lat] or <c>LineString</c> with [[lon, lat], …].</summary>
public sealed record GeoJsonGeometry(string Type, object Coordinates);
