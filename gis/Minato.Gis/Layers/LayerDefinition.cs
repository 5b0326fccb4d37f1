namespace Minato.Gis.Layers;

/// <summary>
/// A published spatial layer (an OGC API collection and a tile layer): the table behind it and what is public.
/// Geometry is stored in EPSG:6668 in column <see cref="GeometryColumn"/>.
/// </summary>
/// <param name="Id">Collection id in URLs (kebab-case).</param>
/// <param name="Filter">A fixed SQL predicate written in code (never user input), e.g. <c>kind = 'aed'</c>.</param>
/// <param name="GeometryType">GeoJSON geometry type: Point, LineString, MultiPolygon …</param>
/// <param name="TemporalColumn">Column the OGC <c>datetime</c> parameter filters on, if any.</param>
/// <param name="ChangeKey">Key in <c>gis.layer_versions</c> whose version changes when the layer's rows change.</param>
/// <param name="IdColumn">Primary key column; its value is the feature id.</param>
/// <param name="Credit">The data's source and licence (null: no credit is required).</param>
public sealed record LayerDefinition(
    string Id,
    string TitleJa,
    string TitleEn,
    string Description,
    string Schema,
    string Table,
    string? Filter,
    string GeometryType,
    IReadOnlyList<LayerProperty> Properties,
    string? TemporalColumn,
    string ChangeKey,
    string IdColumn = "id",
    string GeometryColumn = "geom",
    int MinZoom = 10,
    int MaxZoom = 18,
    LayerCredit? Credit = null)
{
    /// <summary>Storage CRS of every layer: JGD2011 geographic.</summary>
    public const int StorageSrid = 6668;

    public LayerProperty? FindProperty(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
}
