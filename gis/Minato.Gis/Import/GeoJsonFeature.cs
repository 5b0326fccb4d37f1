using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>One GeoJSON feature as read: its 1-based number in the file, id, properties and geometry (or why not).</summary>
internal sealed record GeoJsonFeature(int Number, string? Id, JsonElement Properties, Geometry? Geometry, string? GeometryError)
    : IImportRecord
{
    public string? Text(string name)
    {
        if (Properties.ValueKind != JsonValueKind.Object || !Properties.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        };
    }

    public bool Has(string name) => Properties.ValueKind == JsonValueKind.Object && Properties.TryGetProperty(name, out _);

    internal static string? IdOf(JsonElement feature) =>
        feature.TryGetProperty("id", out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            }
            : null;

    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
