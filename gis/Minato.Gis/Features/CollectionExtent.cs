namespace Minato.Gis.Features;

/// <summary>Extent of a collection's features: bbox in CRS84 (lon, lat) and the temporal range, each null when empty.</summary>
public sealed record CollectionExtent(double[]? Bbox, DateTimeOffset? Start, DateTimeOffset? End);
