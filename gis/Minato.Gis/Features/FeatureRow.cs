namespace Minato.Gis.Features;

/// <summary>One feature as JSON text made by PostgreSQL, ready to be written into a GeoJSON document.</summary>
/// <param name="Id">JSON value of the id (a number or a string).</param>
/// <param name="Geometry">GeoJSON geometry, or <c>null</c>.</param>
/// <param name="Properties">JSON object of the public properties.</param>
public sealed record FeatureRow(string Id, string? Geometry, string Properties);
