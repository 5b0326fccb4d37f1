using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Minato.Gis.Http.Tiles;
using Minato.Gis.Layers;
using Minato.Gis.Tiles;

namespace Minato.Gis.Http;

/// <summary>
/// <c>GET /tiles/{collection}/{z}/{x}/{y}.mvt</c> (Mapbox Vector Tile 2.1 from ST_AsMVT) and <c>GET /tiles/{collection}.json</c>
/// (TileJSON 3.0.0). Public, anonymous, cached in process until the layer changes; gzip, strong ETag, 304.
/// </summary>
public static class TilesApi
{
    public const string MvtContentType = MvtResult.ContentType;

    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles")
            .WithTags("Vector tiles")
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);

        tiles.MapGet("/{collection}/{z}/{x}/{y}.mvt", GetTileAsync)
            .WithName("GetTile")
            .WithSummary("A Mapbox Vector Tile of a collection")
            .WithDescription("Web Mercator XYZ tile (z 0–22, y from the north) with one MVT layer named like the collection " +
                             "(or several: /tiles/roads,shelters/… gives one layer per collection, at most 12); " +
                             "features carry the collection's tile properties and their id as the MVT feature id. " +
                             "204 No Content when the tile is empty or z is outside the collection's minzoom–maxzoom (see its TileJSON). " +
                             "Gzip when accepted; strong ETag and If-None-Match → 304; Cache-Control max-age is short because layers " +
                             "change during a disaster.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        tiles.MapGet("/{collection}.json", GetTileJsonAsync)
            .WithName("GetTileJson")
            .WithSummary("TileJSON 3.0.0 of a collection's vector tiles")
            .WithDescription("Tile URL template (absolute), zoom range, the ward's bounds and the MVT layer's fields with their types.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<MvtResult, NoContent, StatusCodeHttpResult, ProblemHttpResult>> GetTileAsync(
        HttpContext context, string collection, string z, string x, string y, LayerCatalog catalog, TileService tiles,
        IOptions<TileOptions> options, CancellationToken cancellationToken)
    {
        if (ResolveLayers(collection, catalog, out var layers) is { } problem)
        {
            return problem;
        }

        if (!TileCoordinate.TryParse(z, x, y, out var tile, out var error))
        {
            return TypedResults.Problem(title: "Invalid tile / タイル番号が不正です", detail: error, statusCode: StatusCodes.Status400BadRequest);
        }

        RenderedTile rendered;
        if (layers.Count == 1)
        {
            rendered = await tiles.GetAsync(layers[0], tile, cancellationToken);
        }
        else
        {
            var parts = new List<RenderedTile>(layers.Count);
            foreach (var layer in layers)
            {
                parts.Add(await tiles.GetAsync(layer, tile, cancellationToken));
            }

            rendered = RenderedTile.Combine(parts);
        }

        var response = context.Response;
        response.Headers.CacheControl = options.Value.CacheControl;
        if (rendered.IsEmpty)
        {
            return TypedResults.NoContent();
        }

        var gzip = AcceptsGzip(context.Request);
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.ETag = gzip ? rendered.GzipETag : rendered.ETag;
        if (Matches(context.Request, rendered))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return gzip ? new MvtResult(rendered.GetGzip(), gzipped: true) : new MvtResult(rendered.GetRaw(), gzipped: false);
    }

    private static async Task<Results<Ok<TileJson>, ProblemHttpResult>> GetTileJsonAsync(
        HttpContext context, string collection, LayerCatalog catalog, TileSource source, IOptions<TileOptions> options,
        CancellationToken cancellationToken)
    {
        if (ResolveLayers(collection, catalog, out var layers) is { } problem)
        {
            return problem;
        }

        var statements = await source.GetStatementsAsync(cancellationToken);
        var request = context.Request;
        var ids = string.Join(",", layers.Select(l => Uri.EscapeDataString(l.Id)));
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/tiles/{ids}/{{z}}/{{x}}/{{y}}.mvt";
        context.Response.Headers.CacheControl = options.Value.CacheControl;
        return TypedResults.Ok(TileJson.For(layers, url, options.Value.Attribution, l => statements[l.Id].IntegerId));
    }

    /// <summary>Most layers one multi-layer request may combine.</summary>
    public const int MaxLayersPerTile = 12;

    // "roads" or "roads,shelters,hazard-areas": one tile with one MVT layer per collection, in the order given.
    private static ProblemHttpResult? ResolveLayers(string collection, LayerCatalog catalog, out IReadOnlyList<LayerDefinition> layers)
    {
        if (catalog.Find(collection) is { } single)
        {
            layers = [single];
            return null;
        }

        var ids = collection.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
        layers = [.. ids.Select(catalog.Find).OfType<LayerDefinition>()];
        var unknown = ids.Where(id => catalog.Find(id) is null).ToArray();
        if (unknown.Length > 0)
        {
            return TypedResults.Problem(
                title: "Unknown collection / コレクションがありません",
                detail: $"no collection {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                        $"known: {string.Join(", ", catalog.All.Select(l => l.Id))}",
                statusCode: StatusCodes.Status404NotFound);
        }

        return ids.Length > MaxLayersPerTile
            ? TypedResults.Problem(title: "Too many layers / レイヤーが多すぎます",
                detail: $"at most {MaxLayersPerTile} collections per tile, got {ids.Length}", statusCode: StatusCodes.Status400BadRequest)
            : null;
    }

    // Accept-Encoding is read on every tile request: a scan without allocation for the usual "gzip, deflate, br" lists, the
    // header parser only when a quality value (";q=") is present.
    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Contains(';', StringComparison.Ordinal))
            {
                return StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var values) && values.Any(v =>
                    (v.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || v.Value.Equals("*", StringComparison.Ordinal)) &&
                    v.Quality is not 0);
            }

            var span = value.AsSpan();
            foreach (var range in span.Split(','))
            {
                var token = span[range].Trim();
                if (token.Equals("gzip", StringComparison.OrdinalIgnoreCase) || token.SequenceEqual("*"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // If-None-Match uses the weak comparison (RFC 9110 §13.1.2): either representation's tag, with or without W/, matches.
    private static bool Matches(HttpRequest request, RenderedTile tile)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) ||
                             t.Tag.Equals(tile.ETag, StringComparison.Ordinal) || t.Tag.Equals(tile.GzipETag, StringComparison.Ordinal));
    }
}
