using System.Collections.Frozen;
using System.Globalization;

namespace Minato.Gis.Crs;

/// <summary>
/// The CRSs Minato publishes: CRS84 (and EPSG:4326), EPSG:6668 (JGD2011, storage), EPSG:6677 (JGD2011 / Japan Plane
/// Rectangular CS IX, metric work) and EPSG:3857 (Web Mercator). Thread-safe.
/// </summary>
/// <remarks>
/// The WKT follows the EPSG definitions as PROJ 9 has them, so transforms agree with PostGIS <c>ST_Transform</c>.
/// JGD2011 and WGS 84 are both tied to ITRF; EPSG:9936 ("JGD2011 to WGS 84 (1)") is a null transformation, hence
/// TOWGS84 zero here.
/// </remarks>
public static class CrsRegistry
{
    private const string Ogc = "http://www.opengis.net/def/crs/";

    internal const string Jgd2011Geogcs =
        "GEOGCS[\"JGD2011\",DATUM[\"Japanese_Geodetic_Datum_2011\",SPHEROID[\"GRS "
            + "1980\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"7019\"]],"
        + "TOWGS84[0,0,0,0,0,0,0],AUTHORITY[\"EPSG\",\"1128\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
        + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
        + "AXIS[\"Lon\",EAST],AXIS[\"Lat\",NORTH],AUTHORITY[\"EPSG\",\"6668\"]]";

    internal const string Wgs84Geogcs =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],"
        + "TOWGS84[0,0,0,0,0,0,0],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
        + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
        + "AXIS[\"Lon\",EAST],AXIS[\"Lat\",NORTH],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>WGS 84 longitude, latitude: the GeoJSON default.</summary>
    public static CrsDefinition Crs84 { get; } = new(Ogc + "OGC/1.3/CRS84", 4326, "WGS 84 (lon, lat)", false, true, Wgs84Geogcs);

    /// <summary>WGS 84 with EPSG's latitude, longitude order.</summary>
    public static CrsDefinition Wgs84 { get; } = new(Ogc + "EPSG/0/4326", 4326, "WGS 84 (lat, lon)", true, true, Wgs84Geogcs);

    /// <summary>JGD2011 geographic (lat, lon in EPSG's order): the storage CRS of every layer.</summary>
    /// <remarks>Area of use: Japan (EPSG area 1129), 122.38–157.65°E, 17.09–46.05°N.</remarks>
    public static CrsDefinition Jgd2011 { get; } = new(Ogc + "EPSG/0/6668", 6668, "JGD2011 (lat, lon)", true, true, Jgd2011Geogcs)
    {
        AreaOfUse = (122.38, 17.09, 157.65, 46.05),
    };

    /// <summary>JGD2011 / Japan Plane Rectangular CS IX: origin 36°N 139°50'E, k0 0.9999, false E/N 0; X = northing first.</summary>
    /// <remarks>
    /// Area of use: zone IX (Tokyo without its islands, Kantō and Fukushima), 138.4–141.11°E, 34.87–37.98°N; in metres the
    /// envelope PostGIS gives for that box (<c>ST_Transform(ST_Segmentize(...))</c>), rounded outwards.
    /// </remarks>
    public static CrsDefinition JapanPlaneIX { get; } = new(
        Ogc + "EPSG/0/6677", 6677, "JGD2011 / Japan Plane Rectangular CS IX (X northing, Y easting; metres)", true, false,
        "PROJCS[\"JGD2011 / Japan Plane Rectangular CS IX\"," + Jgd2011Geogcs + ",PROJECTION[\"Transverse_Mercator\"],"
        + "PARAMETER[\"latitude_of_origin\",36],PARAMETER[\"central_meridian\",139.833333333333333],PARAMETER[\"scale_factor\",0.9999],"
        + "PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],"
        + "AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"6677\"]]")
    {
        AreaOfUse = (-132_000, -126_000, 117_000, 221_000),
    };

    /// <summary>WGS 84 / Pseudo-Mercator (spherical Mercator on the WGS 84 semi-major axis), metres, easting first.</summary>
    public static CrsDefinition WebMercator { get; } = new(
        Ogc + "EPSG/0/3857", 3857, "WGS 84 / Pseudo-Mercator (metres)", false, false,
        "PROJCS[\"WGS 84 / Pseudo-Mercator\"," + Wgs84Geogcs + ",PROJECTION[\"Pseudo-Mercator\"],"
        + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1],"
        + "PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],"
        + "AXIS[\"X\",EAST],AXIS[\"Y\",NORTH],AUTHORITY[\"EPSG\",\"3857\"]]")
    {
        // EPSG: the world between 85.06°S and 85.06°N; ±20037508.34 m is 180°.
        AreaOfUse = (-20_037_508.35, -20_048_966.11, 20_037_508.35, 20_048_966.11),
    };

    /// <summary>Every supported CRS, CRS84 first (the default of OGC API Features).</summary>
    public static IReadOnlyList<CrsDefinition> All { get; } = [Crs84, Jgd2011, JapanPlaneIX, WebMercator, Wgs84];

    private static readonly FrozenDictionary<string, CrsDefinition> ByUri =
        All.ToFrozenDictionary(c => c.Uri, StringComparer.Ordinal);

    /// <summary>
    /// Finds a CRS by OGC URI (<c>http://www.opengis.net/def/crs/EPSG/0/6668</c>), safe CURIE (<c>[EPSG:6668]</c>),
    /// URN (<c>urn:ogc:def:crs:EPSG::6668</c>), <c>EPSG:6668</c>, <c>CRS84</c> / <c>OGC:CRS84</c>, or a bare EPSG code.
    /// Bare codes and <c>EPSG:4326</c> mean EPSG's own axis order (lat, lon).
    /// </summary>
    public static bool TryGet(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CrsDefinition? crs)
    {
        crs = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith('[') && s.EndsWith(']'))
        {
            s = s[1..^1];
        }

        if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            s = "http://" + s[8..];
        }

        if (ByUri.TryGetValue(s, out crs))
        {
            return true;
        }

        if (s is "CRS84" or "OGC:CRS84" or "urn:ogc:def:crs:OGC:1.3:CRS84" or "urn:ogc:def:crs:OGC::CRS84")
        {
            crs = Crs84;
            return true;
        }

        string? code = null;
        foreach (var prefix in (ReadOnlySpan<string>)["EPSG:", "urn:ogc:def:crs:EPSG::", "urn:ogc:def:crs:EPSG:0:", Ogc + "EPSG/0/"])
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                code = s[prefix.Length..];
                break;
            }
        }

        code ??= s;
        return int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var srid) && TryGet(srid, out crs);
    }

    /// <summary>Finds a CRS by EPSG code (EPSG axis order: 4326 is lat, lon; use <see cref="Crs84"/> for lon, lat).</summary>
    public static bool TryGet(int epsg, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CrsDefinition? crs)
    {
        crs = epsg switch
        {
            4326 => Wgs84,
            6668 => Jgd2011,
            6677 => JapanPlaneIX,
            3857 => WebMercator,
            _ => null,
        };
        return crs is not null;
    }
}
