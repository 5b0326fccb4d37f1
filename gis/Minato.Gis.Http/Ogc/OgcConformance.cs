namespace Minato.Gis.Http.Ogc;

/// <summary>The conformance classes this server passes (and only those); no HTML encoding.</summary>
public static class OgcConformance
{
    public const string Core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    public const string GeoJson = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    public const string OpenApi30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
    public const string Crs = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";

    public static IReadOnlyList<string> Classes { get; } = [Core, GeoJson, OpenApi30, Crs];
}
