using System.Text.Json.Serialization;

namespace Minato.Gis.Http.Ogc;

/// <summary>The landing page <c>/ogc</c>.</summary>
public sealed record LandingPage(string Title, string Description, IReadOnlyList<OgcLink> Links);

/// <summary><c>/ogc/conformance</c>.</summary>
public sealed record ConformanceDocument(IReadOnlyList<string> ConformsTo);

/// <summary><c>/ogc/collections</c>: every catalog layer.</summary>
public sealed record CollectionsDocument(IReadOnlyList<OgcLink> Links, IReadOnlyList<CollectionDocument> Collections);

/// <summary>
/// <c>/ogc/collections/{id}</c>: one layer's metadata, with the CRSs it can be served in (Part 2) and its storage CRS.
/// </summary>
/// <param name="Attribution">The credit the data's source requires (OGC API – Common's collection <c>attribution</c>).</param>
public sealed record CollectionDocument(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<OgcLink> Links,
    CollectionExtentDocument Extent,
    string ItemType,
    IReadOnlyList<string> Crs,
    string StorageCrs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Attribution = null);

/// <summary>Spatial extent (CRS84 bbox) and, for layers with a temporal property, the temporal extent.</summary>
public sealed record CollectionExtentDocument(
    SpatialExtent Spatial,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TemporalExtent? Temporal);

/// <summary>Bounding boxes as [minLon, minLat, maxLon, maxLat] in CRS84.</summary>
public sealed record SpatialExtent(IReadOnlyList<double[]> Bbox, string Crs);

/// <summary>Intervals as [start, end] RFC 3339 strings; null is open.</summary>
public sealed record TemporalExtent(IReadOnlyList<string?[]> Interval, string Trs);
