namespace Minato.Gis.Http.Ogc;

/// <summary>Media types and link relations used by the OGC API documents.</summary>
public static class OgcMediaTypes
{
    public const string Json = "application/json";
    public const string GeoJson = "application/geo+json";
    public const string OpenApi30 = "application/vnd.oai.openapi+json;version=3.0";
    public const string Html = "text/html";
    public const string SchemaJson = "application/schema+json";

    public const string ConformanceRel = "http://www.opengis.net/def/rel/ogc/1.0/conformance";
    public const string DataRel = "http://www.opengis.net/def/rel/ogc/1.0/data";
    public const string QueryablesRel = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
}
