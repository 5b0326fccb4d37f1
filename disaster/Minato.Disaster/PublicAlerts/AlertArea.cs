using NetTopologySuite.Geometries;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// A resolved alert area: the districts it names (kind <c>districts</c>) or touches (kinds <c>polygon</c>, <c>chome</c>),
/// the 町丁目 it names (kind <c>chome</c>), the area geometry (EPSG:6668, full resolution: what subscribers are matched
/// against) and its description per language.
/// </summary>
public sealed record AlertArea(string Kind, IReadOnlyList<string> Districts, MultiPolygon Geometry,
    IReadOnlyDictionary<string, string> Description, IReadOnlyList<string>? Chome = null)
{
    public const string DistrictsKind = "districts";
    public const string PolygonKind = "polygon";
    public const string ChomeKind = "chome";
}
