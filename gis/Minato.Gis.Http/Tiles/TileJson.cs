using System.Text.Json.Serialization;
using Minato.Gis.Layers;

namespace Minato.Gis.Http.Tiles;

/// <summary>A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for one layer.</summary>
/// <param name="Bounds">West, south, east, north in degrees (WGS 84 ≈ JGD2011).</param>
/// <param name="Center">Longitude, latitude, zoom.</param>
public sealed record TileJson(
    [property: JsonPropertyName("tilejson")] string Version,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("attribution")] string Attribution,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("tiles")] IReadOnlyList<string> Tiles,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("bounds")] IReadOnlyList<double> Bounds,
    [property: JsonPropertyName("center")] IReadOnlyList<double> Center,
    [property: JsonPropertyName("vector_layers")] IReadOnlyList<TileJsonVectorLayer> VectorLayers)
{
    /// <summary>The document of one or more layers, whose tiles are at <paramref name="tilesUrl"/> (a {z}/{x}/{y} template).
    /// <paramref name="attribution"/> (the configured credit) comes first, then each layer's own credit.</summary>
    /// <param name="integerId">Whether a layer's ids travel as MVT feature ids (integers); otherwise <c>id</c> is a String field.</param>
    public static TileJson For(IReadOnlyList<LayerDefinition> layers, string tilesUrl, string attribution, Func<LayerDefinition,
        bool> integerId)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(integerId);
        var e = Ward.Extent;
        var minZoom = layers.Min(l => l.MinZoom);
        var maxZoom = layers.Max(l => l.MaxZoom);
        var name = layers.Count == 1 ? $"{layers[0].TitleEn} / {layers[0].TitleJa}" : string.Join(", ", layers.Select(l => l.TitleEn));
        var description = layers.Count == 1 ? layers[0].Description : "Layers: " + string.Join(", ", layers.Select(l => l.Id));
        return new TileJson(
            "3.0.0", name, description, Credits(layers, attribution), "xyz", [tilesUrl], minZoom, maxZoom, [e.MinX, e.MinY, e.MaxX, e.MaxY],
            [Math.Round(e.Centre.X, 6), Math.Round(e.Centre.Y, 6), Math.Clamp(14, minZoom, maxZoom)],
            [.. layers.Select(l => VectorLayer(l, integerId(l)))]);
    }

    private static string Credits(IReadOnlyList<LayerDefinition> layers, string attribution) => string.Join(" | ",
        new[] { attribution }.Concat(layers.Select(l => l.Credit?.Attribution).OfType<string>()).Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal));

    private static TileJsonVectorLayer VectorLayer(LayerDefinition layer, bool integerId)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!integerId)
        {
            fields["id"] = "String";
        }

        foreach (var p in layer.Properties.Where(p => p.InTiles))
        {
            fields[p.Name] = p.Type switch
            {
                PropertyType.Integer or PropertyType.Number => "Number",
                PropertyType.Boolean => "Boolean",
                _ => "String",
            };
        }

        return new TileJsonVectorLayer(layer.Id, layer.Description, layer.MinZoom, layer.MaxZoom, layer.GeometryType, fields);
    }
}

/// <summary>One entry of TileJSON <c>vector_layers</c>: the MVT layer's id and its fields with their types.</summary>
public sealed record TileJsonVectorLayer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("geometry_type")] string GeometryType,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields);
