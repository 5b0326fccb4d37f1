using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Minato.Gis.Features;
using Minato.Gis.Http.Ogc;
using Minato.Gis.Layers;

namespace Minato.Gis.Http;

/// <summary>
/// OGC API – Features Part 1 (core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS by reference) at <c>/ogc</c>.
/// Collections are the layers of the <see cref="LayerCatalog"/>; anonymous, GET only, CORS and rate-limited.
/// </summary>
public static class OgcFeaturesApi
{
    public static IEndpointRouteBuilder MapOgcFeaturesApi(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup(OgcUrls.Root)
            .WithTags("OGC API Features")
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy)
            .AllowAnonymous();

        ogc.MapGet("", GetLandingPage)
            .WithName("OgcLandingPage")
            .WithSummary("Landing page")
            .WithDescription("Links to the API definition, the conformance declaration and the collections.");
        ogc.MapGet("/conformance", GetConformance)
            .WithName("OgcConformance")
            .WithSummary("Conformance classes this server implements");
        ogc.MapGet("/collections", GetCollectionsAsync)
            .WithName("OgcCollections")
            .WithSummary("The feature collections (hazard areas, shelters, evacuation sites, roads …)");
        ogc.MapGet("/collections/{collectionId}", GetCollectionAsync)
            .WithName("OgcCollection")
            .WithSummary("One collection's metadata: extent, CRSs (Part 2), storage CRS")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ogc.MapGet("/collections/{collectionId}/queryables", GetQueryables)
            .WithName("OgcQueryables")
            .WithSummary("JSON Schema of the properties usable as ?name=value filters")
            .Produces(StatusCodes.Status200OK, contentType: OgcMediaTypes.SchemaJson)
            .ProducesProblem(StatusCodes.Status404NotFound);
        ogc.MapGet("/collections/{collectionId}/items", GetItemsAsync)
            .WithName("OgcItems")
            .WithSummary("Features of a collection as GeoJSON, filtered and paged")
            .WithDescription("Filters: bbox (+ bbox-crs), datetime (collections with a temporal property), and ?property=value "
                + "for the collection's queryables. crs selects the output CRS; the Content-Crs header names it. "
                + "Unknown or malformed parameters answer 400 with problem details (plus OGC code/description).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", GetFeatureAsync)
            .WithName("OgcFeature")
            .WithSummary("One feature by id as GeoJSON")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Results<Ok<LandingPage>, ProblemHttpResult> GetLandingPage(HttpRequest request)
    {
        if (CheckFormat(request) is { } problem)
        {
            return problem;
        }

        var root = OgcUrls.Base(request);
        var host = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return TypedResults.Ok(new LandingPage(
            "Minato City hazard map (港区 防災マップ) — OGC API Features",
            "Hazard areas, evacuation sites, shelters, AEDs, roads and more of Minato City, Tokyo. Stored in JGD2011 (EPSG:6668); "
            + "served in CRS84, EPSG:6668, EPSG:6677 (Japan Plane Rectangular CS IX) and EPSG:3857.",
            [
                new(root, "self", OgcMediaTypes.Json, "This document"),
                new(host + "/openapi.json", "service-desc", OgcMediaTypes.OpenApi30, "The API definition (OpenAPI 3.0)"),
                new(host + "/docs", "service-doc", OgcMediaTypes.Html, "The API documentation"),
                new(root + "/conformance", "conformance", OgcMediaTypes.Json, "Conformance classes"),
                new(root + "/conformance", OgcMediaTypes.ConformanceRel, OgcMediaTypes.Json, "Conformance classes"),
                new(root + "/collections", "data", OgcMediaTypes.Json, "The feature collections"),
                new(root + "/collections", OgcMediaTypes.DataRel, OgcMediaTypes.Json, "The feature collections"),
            ]));
    }

    private static Results<Ok<ConformanceDocument>, ProblemHttpResult> GetConformance(HttpRequest request) =>
        CheckFormat(request) is { } problem ? problem : TypedResults.Ok(new ConformanceDocument(OgcConformance.Classes));

    private static async Task<Results<Ok<CollectionsDocument>, ProblemHttpResult>> GetCollectionsAsync(
        HttpRequest request, LayerCatalog catalog, FeatureSource features, CancellationToken cancellationToken)
    {
        if (CheckFormat(request) is { } problem)
        {
            return problem;
        }

        var collections = new List<CollectionDocument>(catalog.All.Count);
        foreach (var layer in catalog.All)
        {
            var extent = await features.GetExtentAsync(layer, cancellationToken);
            collections.Add(CollectionDocuments.Create(request, layer, extent));
        }

        var self = OgcUrls.Base(request) + "/collections";
        return TypedResults.Ok(new CollectionsDocument([new(self, "self", OgcMediaTypes.Json, "This document")], collections));
    }

    private static async Task<Results<Ok<CollectionDocument>, ProblemHttpResult>> GetCollectionAsync(
        string collectionId, HttpRequest request, LayerCatalog catalog, FeatureSource features, CancellationToken cancellationToken)
    {
        if (catalog.Find(collectionId) is not { } layer)
        {
            return OgcProblems.CollectionNotFound(collectionId);
        }

        if (CheckFormat(request) is { } problem)
        {
            return problem;
        }

        var extent = await features.GetExtentAsync(layer, cancellationToken);
        return TypedResults.Ok(CollectionDocuments.Create(request, layer, extent));
    }

    private static IResult GetQueryables(string collectionId, HttpRequest request, LayerCatalog catalog) =>
        catalog.Find(collectionId) is not { } layer
            ? OgcProblems.CollectionNotFound(collectionId)
            : TypedResults.Json(QueryablesDocument.Create(request, layer), contentType: OgcMediaTypes.SchemaJson);

    private static async Task<Results<GeoJsonResult, ProblemHttpResult>> GetItemsAsync(
        string collectionId,
        [AsParameters] ItemsParameters documented,
        HttpRequest request,
        LayerCatalog catalog,
        FeatureSource features,
        IOptions<FeatureQueryOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        _ = documented; // OpenAPI only: the raw query is parsed below.
        if (catalog.Find(collectionId) is not { } layer)
        {
            return OgcProblems.CollectionNotFound(collectionId);
        }

        var parsed = FeatureQueryParser.ParseItems(layer, QueryPairs(request), options.Value);
        if (!parsed.Succeeded)
        {
            return OgcProblems.BadRequest(parsed.Error);
        }

        var query = parsed.Value;
        var page = await features.GetItemsAsync(query, cancellationToken);
        var links = new List<OgcLink>
        {
            new(Page(query.Offset), "self", OgcMediaTypes.GeoJson, "This page"),
            new(OgcUrls.Collection(request, layer.Id), "collection", OgcMediaTypes.Json, "The collection"),
        };
        if (query.Offset + page.Features.Count < page.NumberMatched && page.Features.Count > 0)
        {
            links.Add(new(Page(query.Offset + query.Limit), "next", OgcMediaTypes.GeoJson, "Next page"));
        }

        if (query.Offset > 0)
        {
            links.Add(new(Page(Math.Max(0, query.Offset - query.Limit)), "prev", OgcMediaTypes.GeoJson, "Previous page"));
        }

        return GeoJsonResult.Collection(page, time.GetUtcNow(), links, query.Crs);

        string Page(long offset) => OgcUrls.Items(request, layer.Id, [
            .. query.Echo,
            new("limit", query.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private static async Task<Results<GeoJsonResult, ProblemHttpResult>> GetFeatureAsync(
        string collectionId,
        string featureId,
        HttpRequest request,
        LayerCatalog catalog,
        FeatureSource features,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(collectionId) is not { } layer)
        {
            return OgcProblems.CollectionNotFound(collectionId);
        }

        var parsed = FeatureQueryParser.ParseFeature(QueryPairs(request));
        if (!parsed.Succeeded)
        {
            return OgcProblems.BadRequest(parsed.Error);
        }

        var row = await features.GetFeatureAsync(layer, featureId, parsed.Value, cancellationToken);
        if (row is null)
        {
            return OgcProblems.FeatureNotFound(collectionId, featureId);
        }

        var collection = OgcUrls.Collection(request, layer.Id);
        OgcLink[] links =
        [
            new($"{collection}/items/{Uri.EscapeDataString(featureId)}{request.QueryString}", "self", OgcMediaTypes.GeoJson,
                "This feature"),
            new(collection, "collection", OgcMediaTypes.Json, "The collection"),
        ];
        return GeoJsonResult.Feature(row, links, parsed.Value);
    }

    private static List<KeyValuePair<string, string?>> QueryPairs(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in request.Query)
        {
            foreach (var value in values)
            {
                pairs.Add(new(name, value));
            }
        }

        return pairs;
    }

    // Metadata documents accept only f=json; any other parameter is ignored as OGC API Common allows.
    private static ProblemHttpResult? CheckFormat(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Query.TryGetValue("f", out var f))
        {
            values["f"] = f.ToString();
        }

        return FeatureQueryParser.CheckFormat(values) is { } error ? OgcProblems.BadRequest(error) : null;
    }
}
