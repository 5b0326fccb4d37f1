using NetTopologySuite.Geometries;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// A resolved alert area: the districts it names (kind <c>districts</c>) or touches (kind <c>polygon</c>), the area
/// geometry (EPSG:6668, full resolution: what subscribers are matched against) and its description per language.
/// </summary>
public sealed record AlertArea(string Kind, IReadOnlyList<string> Districts, MultiPolygon Geometry,
    IReadOnlyDictionary<string, string> Description)
{
    public const string DistrictsKind = "districts";
    public const string PolygonKind = "polygon";
}
