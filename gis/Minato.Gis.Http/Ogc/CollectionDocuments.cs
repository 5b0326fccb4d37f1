using System.Globalization;
using Microsoft.AspNetCore.Http;
using Minato.Gis.Crs;
using Minato.Gis.Features;
using Minato.Gis.Layers;

namespace Minato.Gis.Http.Ogc;

/// <summary>Builds the collection metadata of a catalog layer.</summary>
public static class CollectionDocuments
{
    /// <summary>Every CRS a collection can be served in, CRS84 first.</summary>
    public static IReadOnlyList<string> SupportedCrs { get; } = [.. CrsRegistry.All.Select(c => c.Uri)];

    public static CollectionDocument Create(HttpRequest request, LayerDefinition layer, CollectionExtent extent)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(extent);
        var self = OgcUrls.Collection(request, layer.Id);
        List<OgcLink> links =
        [
            new(self, "self", OgcMediaTypes.Json, "This collection"),
            new(self + "/items", "items", OgcMediaTypes.GeoJson, "Features as GeoJSON"),
            new(self + "/queryables", OgcMediaTypes.QueryablesRel, OgcMediaTypes.SchemaJson, "Properties usable as ?name=value filters"),
            new(OgcUrls.Base(request) + "/collections", "data", OgcMediaTypes.Json, "All collections"),
        ];
        if (layer.Credit is { } credit)
        {
            links.Add(new(credit.LicenseUrl, "license", "text/html", credit.LicenseTitle));
        }

        // Without rows, the ward's extent stands in (the layer's intended coverage).
        var bbox = extent.Bbox ?? [Ward.Extent.MinX, Ward.Extent.MinY, Ward.Extent.MaxX, Ward.Extent.MaxY];
        var temporal = layer.TemporalColumn is null
            ? null
            : new TemporalExtent([[Format(extent.Start), Format(extent.End)]], "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");

        return new CollectionDocument(
            layer.Id,
            $"{layer.TitleEn} ({layer.TitleJa})",
            layer.Description,
            links,
            new CollectionExtentDocument(new SpatialExtent([bbox], CrsRegistry.Crs84.Uri), temporal),
            "feature",
            SupportedCrs,
            CrsRegistry.Jgd2011.Uri,
            layer.Credit?.Attribution);
    }

    private static string? Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
