namespace Minato.Disaster.Recovery.Surveys;

/// <summary>A GeoJSON Point in EPSG:6668 (lon, lat; ≈ WGS 84).</summary>
public sealed record PointGeometry(IReadOnlyList<double> Coordinates)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Type => "Point";

    public static PointGeometry Of(double lon, double lat) => new([lon, lat]);
}
