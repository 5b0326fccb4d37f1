using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Minato.Gis.Routing;

namespace Minato.Gis.Http;

/// <summary>
/// <c>GET /api/routes/evacuation</c> (public): the walking route to the nearest open site suitable for a hazard, with
/// alternatives; <c>GET /api/routes</c> (staff): point to point. Answers a GeoJSON FeatureCollection (EPSG:6668 ≈ WGS 84).
/// </summary>
public static class RoutesApi
{
    private const string GeoJson = "application/geo+json";

    /// <summary>Maps the endpoints; <paramref name="staffPolicy"/> is the host's authorization policy for staff routes.</summary>
    /// <paramref name="isolationPolicy"/> guards the isolated 町丁目 (HQ and districts).
    public static IEndpointRouteBuilder MapRoutesApi(this IEndpointRouteBuilder app, string staffPolicy, string isolationPolicy)
    {
        app.MapGet("/api/routes/isolated", IsolatedAsync)
            .WithName("GetIsolatedChome")
            .WithTags("Routing")
            .WithSummary("町丁目 from which no walk reaches an open suitable site (HQ, districts)")
            .RequireAuthorization(isolationPolicy);
        app.MapGet("/api/routes/evacuation", EvacuationAsync)
            .WithName("GetEvacuationRoute")
            .WithTags("Routing")
            .WithSummary("Walking route to the nearest suitable open evacuation site")
            .WithDescription("from=lon,lat; hazard=flood|inland_flood|storm_surge|tsunami|landslide|earthquake|fire; " +
                             "mode=walk|wheelchair (default walk); site=<facility id> (optional). The route to the nearest open site " +
                             "suitable for the hazard by network distance and alternatives to other sites, avoiding blocked roads and " +
                             "weighting hazard areas; with site=, the route to that site alone under the same weights (a site not " +
                             "designated for the hazard is routed to with a warning; unknown site 404, closed site 422). " +
                             "No route answers 422 with the reason.")
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        app.MapGet("/api/routes", PointToPointAsync)
            .WithName("GetRoute")
            .WithTags("Routing")
            .WithSummary("Walking route from one point to another (staff)")
            .RequireAuthorization(staffPolicy);
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> EvacuationAsync(
        HttpContext context, RoutePlanner planner, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (Unknown(query, "from", "hazard", "mode", "site") is { } unknown)
        {
            return unknown;
        }

        if (!TryPoint(query["from"], "from", out var from, out var error) || !TryMode(query["mode"], out var mode, out error)
            || !TrySite(query["site"], out var site, out error))
        {
            return BadRequest(error);
        }

        var hazard = query["hazard"].ToString();
        if (HazardWeights.Find(hazard) is null)
        {
            return BadRequest($"hazard must be one of {string.Join(", ", HazardWeights.All.Select(h => h.Hazard))}, got '{hazard}'");
        }

        var result = site is { } id
            ? await planner.EvacuationToSiteAsync(from.Lon, from.Lat, hazard, id, mode, cancellationToken)
            : await planner.EvacuationAsync(from.Lon, from.Lat, hazard, mode, cancellationToken);
        var request = new JsonObject { ["from"] = Position(from.Lon, from.Lat), ["hazard"] = hazard, ["mode"] = Mode(mode) };
        if (site is { } requested)
        {
            request["site"] = requested;
        }

        return Answer(result, request);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> IsolatedAsync(
        HttpContext context, RoutePlanner planner, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (Unknown(query, "hazard") is { } unknown)
        {
            return unknown;
        }

        var hazard = query["hazard"].ToString();
        if (HazardWeights.Find(hazard) is null)
        {
            return BadRequest($"hazard must be one of {string.Join(", ", HazardWeights.All.Select(h => h.Hazard))}, got '{hazard}'");
        }

        context.Response.Headers.CacheControl = "no-store";
        if (await planner.IsolatedAsync(hazard, cancellationToken) is not { } isolated)
        {
            return TypedResults.Problem(title: "町丁目 layer not loaded / 町丁目データ未登録", detail: "gis.chome is not loaded",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var features = new JsonArray();
        foreach (var c in isolated)
        {
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = c.KeyCode,
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Position(c.Lon, c.Lat) },
                ["properties"] = new JsonObject
                {
                    ["key_code"] = c.KeyCode, ["name"] = c.Name, ["population"] = c.Population, ["households"] = c.Households,
                    ["reason"] = c.Reason,
                },
            });
        }

        var collection = new JsonObject
        {
            ["type"] = "FeatureCollection", ["hazard"] = hazard, ["population"] = isolated.Sum(c => c.Population),
            ["features"] = features,
        };
        return TypedResults.Text(collection.ToJsonString(), GeoJson);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PointToPointAsync(
        HttpContext context, RoutePlanner planner, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (Unknown(query, "from", "to", "mode") is { } unknown)
        {
            return unknown;
        }

        if (!TryPoint(query["from"], "from", out var from, out var error) || !TryPoint(query["to"], "to", out var to, out error)
            || !TryMode(query["mode"], out var mode, out error))
        {
            return BadRequest(error);
        }

        var result = await planner.PointToPointAsync(from.Lon, from.Lat, to.Lon, to.Lat, mode, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return Answer(result, new JsonObject
        {
            ["from"] = Position(from.Lon, from.Lat), ["to"] = Position(to.Lon, to.Lat), ["mode"] = Mode(mode),
        });
    }

    private static Results<ContentHttpResult, ProblemHttpResult> Answer(RouteResult result, JsonObject request)
    {
        if (result.Refusal != RouteRefusal.None)
        {
            return TypedResults.Problem(
                title: result.Refusal == RouteRefusal.UnknownSite ? "No such site / 避難先が見つかりません" : "No route / 経路が見つかりません",
                detail: result.Reason,
                statusCode: result.Refusal switch
                {
                    RouteRefusal.UnknownHazard => StatusCodes.Status400BadRequest,
                    RouteRefusal.UnknownSite => StatusCodes.Status404NotFound,
                    _ => StatusCodes.Status422UnprocessableEntity,
                },
                extensions: new Dictionary<string, object?> { ["reason"] = Reason(result.Refusal) });
        }

        var features = new JsonArray();
        foreach (var route in result.Routes)
        {
            features.Add(RouteFeature(route));
            if (route.Site is { } site)
            {
                features.Add(new JsonObject
                {
                    ["type"] = "Feature",
                    ["id"] = $"site-{route.Rank}",
                    ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Position(site.Lon, site.Lat) },
                    ["properties"] = new JsonObject { ["role"] = "destination", ["rank"] = route.Rank, ["site"] = Site(site) },
                });
            }
        }

        var collection = new JsonObject { ["type"] = "FeatureCollection", ["request"] = request, ["features"] = features };
        return TypedResults.Text(collection.ToJsonString(), GeoJson);
    }

    private static JsonObject RouteFeature(PlannedRoute route)
    {
        var coordinates = new JsonArray();
        foreach (var c in route.Line.Coordinates)
        {
            coordinates.Add(Position(c.X, c.Y));
        }

        var hazards = new JsonArray();
        foreach (var h in route.HazardAreas)
        {
            hazards.Add(new JsonObject { ["id"] = h.Id, ["kind"] = h.Kind, ["rank"] = h.Rank, ["rank_label"] = h.RankLabel });
        }

        var steps = new JsonArray();
        foreach (var s in route.Steps)
        {
            steps.Add(new JsonObject { ["road_id"] = s.RoadId, ["name"] = s.Name, ["length_m"] = s.LengthM });
        }

        return new JsonObject
        {
            ["type"] = "Feature",
            ["id"] = $"route-{route.Rank}",
            ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = coordinates },
            ["properties"] = new JsonObject
            {
                ["role"] = route.Rank == 1 ? "route" : "alternative",
                ["rank"] = route.Rank,
                ["length_m"] = route.LengthM,
                ["walking_time_s"] = route.WalkingTimeS,
                ["walking_time_min"] = Math.Ceiling(route.WalkingTimeS / 60),
                ["hazard_areas"] = hazards,
                ["steps"] = steps,
                ["start_snap_m"] = route.StartSnapM,
                ["end_snap_m"] = route.EndSnapM,
                ["destination"] = route.Site is { } site ? Site(site) : null,
                ["warnings"] = Warnings(route),
            },
        };
    }

    private static JsonObject Site(RouteSite site) => new()
    {
        ["id"] = site.Id, ["kind"] = site.Kind, ["name"] = site.Name, ["address"] = site.Address, ["suits_hazard"] = site.SuitsHazard,
    };

    /// <summary>What the walker must be told besides the hazard areas and steps: a chosen site not designated for the hazard.</summary>
    private static JsonArray Warnings(PlannedRoute route)
    {
        var warnings = new JsonArray();
        if (route.Site is { SuitsHazard: false } site)
        {
            warnings.Add(new JsonObject
            {
                ["code"] = "site_not_suitable",
                ["ja"] = $"{site.Name}はこの災害の指定緊急避難場所・避難所ではありません",
                ["en"] = $"{site.Name} is not designated for this hazard",
            });
        }

        return warnings;
    }

    private static JsonArray Position(double lon, double lat) => [Math.Round(lon, 7), Math.Round(lat, 7)];

    private static string Mode(RouteMode mode) => mode == RouteMode.Wheelchair ? "wheelchair" : "walk";

    private static string Reason(RouteRefusal refusal) => refusal switch
    {
        RouteRefusal.OffNetwork => "off_network",
        RouteRefusal.Isolated => "isolated",
        RouteRefusal.NoSite => "no_site",
        RouteRefusal.UnknownSite => "unknown_site",
        RouteRefusal.SiteClosed => "site_closed",
        _ => "unknown_hazard",
    };

    private static ProblemHttpResult? Unknown(IQueryCollection query, params string[] known)
    {
        var unknown = query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).ToArray();
        return unknown.Length == 0 ? null
            : BadRequest($"unknown parameter(s): {string.Join(", ", unknown)}; this endpoint takes {string.Join(", ", known)}");
    }

    private static bool TryPoint(string? raw, string name, out (double Lon, double Lat) point, out string error)
    {
        point = default;
        error = $"{name} must be lon,lat in decimal degrees (e.g. {name}=139.7454,35.6586), got '{raw}'";
        var parts = (raw ?? "").Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
        {
            return false;
        }

        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            error = $"{name} ({lon}, {lat}) is not a longitude/latitude: lon within -180..180, lat within -90..90";
            return false;
        }

        point = (lon, lat);
        return true;
    }

    private static bool TrySite(string? raw, out long? site, out string error)
    {
        site = null;
        error = $"site must be the id of an evacuation site or shelter (a positive integer), got '{raw}'";
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false;
        }

        site = id;
        return true;
    }

    private static bool TryMode(string? raw, out RouteMode mode, out string error)
    {
        error = $"mode must be walk or wheelchair, got '{raw}'";
        mode = raw switch
        {
            null or "" or "walk" => RouteMode.Walk,
            "wheelchair" => RouteMode.Wheelchair,
            _ => (RouteMode)(-1),
        };
        return Enum.IsDefined(mode);
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Invalid parameter / パラメータが不正です", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
