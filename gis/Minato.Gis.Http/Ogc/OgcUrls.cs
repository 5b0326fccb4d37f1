using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Minato.Gis.Http.Ogc;

/// <summary>Absolute URLs of the OGC API resources, built from the request (scheme, host, path base).</summary>
public static class OgcUrls
{
    public const string Root = "/ogc";

    public static string Base(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";
    }

    public static string Collection(HttpRequest request, string collectionId) =>
        $"{Base(request)}/collections/{Uri.EscapeDataString(collectionId)}";

    public static string Items(HttpRequest request, string collectionId) => Collection(request, collectionId) + "/items";

    /// <summary>The items URL with the given parameters in order (values escaped).</summary>
    public static string Items(HttpRequest request, string collectionId, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Items(request, collectionId) + new QueryBuilder(query).ToQueryString();
    }
}
