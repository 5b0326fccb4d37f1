namespace Minato.Disaster.Geo;

/// <summary>A GeoJSON Point, coordinates (lon, lat) in EPSG:6668 (JGD2011; equal to WGS 84 at map precision).</summary>
public sealed record PointGeometry(double[] Coordinates)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)] // GeoJSON readers expect "type" first
    public string Type => "Point";

    public static PointGeometry Of(double lon, double lat) => new([Math.Round(lon, 7), Math.Round(lat, 7)]);
}
