using Minato.Gis.Crs;
using Minato.Gis.Layers;

namespace Minato.Gis.Features;

/// <summary>A validated items request: which page of which features, and in which CRS.</summary>
/// <param name="Limit">Page size, already clamped to the configured maximum.</param>
/// <param name="Crs">CRS of the response geometries.</param>
/// <param name="Echo">The request's own parameters (minus paging) in order, to build next/prev links.</param>
public sealed record FeatureQuery(
    LayerDefinition Layer,
    int Limit,
    long Offset,
    BoundingBox? BoundingBox,
    TemporalFilter? DateTime,
    IReadOnlyList<PropertyFilter> Properties,
    CrsDefinition Crs,
    IReadOnlyList<KeyValuePair<string, string>> Echo);
