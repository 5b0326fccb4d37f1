using NetTopologySuite.Geometries;

namespace Minato.Gis.Layers;

/// <summary>Fixed facts about Minato City used for validation. Coordinates in EPSG:6668 (lon, lat).</summary>
public static class Ward
{
    /// <summary>全国地方公共団体コード of Minato City.</summary>
    public const string Code = "13103";

    /// <summary>The five district HQ areas (地区総合支所): id, Japanese name, English name.</summary>
    public static IReadOnlyList<(string Id, string NameJa, string NameEn)> Districts { get; } =
    [
        ("shiba", "芝地区", "Shiba"),
        ("azabu", "麻布地区", "Azabu"),
        ("akasaka", "赤坂地区", "Akasaka"),
        ("takanawa", "高輪地区", "Takanawa"),
        ("shibaura-konan", "芝浦港南地区", "Shibaura-Konan"),
    ];

    /// <summary>Ward bounding box (N03-22, rounded outwards): lon 139.708–139.783, lat 35.623–35.683.</summary>
    public static Envelope Extent { get; } = new(139.708, 139.783, 35.623, 35.683);

    /// <summary>Japan's extent used to reject impossible coordinates (lon 122–154, lat 20–46).</summary>
    public static Envelope Japan { get; } = new(122.0, 154.0, 20.0, 46.0);

    /// <summary>How far from the ward's bounding box an imported feature may lie (degrees ≈ 30 km).</summary>
    /// <remarks>Wide enough for neighbouring wards' shared data (the real OSM sample is from Nerima, ~12 km away).</remarks>
    public const double NearMarginDegrees = 0.3;

    /// <summary>The area in which imported features are accepted.</summary>
    public static Envelope Near { get; } = new(
        Extent.MinX - NearMarginDegrees, Extent.MaxX + NearMarginDegrees,
        Extent.MinY - NearMarginDegrees, Extent.MaxY + NearMarginDegrees);
}
