using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Minato.Gis.Hazards;

namespace Minato.Gis.Http;

/// <summary><c>GET /api/hazards/at?lon=&amp;lat=</c>: the point hazard report (public, anonymous).</summary>
public static class HazardsApi
{
    public static IEndpointRouteBuilder MapHazardsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hazards/at", GetAsync)
            .WithName("GetHazardsAt")
            .WithTags("Hazard map")
            .WithSummary("Hazards at a point and where to evacuate")
            .WithDescription("Hazard areas covering the point (lon/lat, EPSG:6668 ≈ WGS 84), the nearest boring's summary, " +
                             "and for each hazard the three nearest open evacuation sites designated for it, with distances in " +
                             "metres. A point outside Minato City answers 422.")
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        return app;
    }

    private static async Task<Results<Ok<HazardReport>, ProblemHttpResult>> GetAsync(
        HttpContext context, HazardReportSource source, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var unknown = query.Keys.Where(k => k is not ("lon" or "lat")).ToArray();
        if (unknown.Length > 0)
        {
            return BadRequest($"unknown parameter(s): {string.Join(", ", unknown)}; this endpoint takes lon and lat");
        }

        if (!TryCoordinate(query["lon"], "lon", out var lon, out var lonError))
        {
            return BadRequest(lonError);
        }

        if (!TryCoordinate(query["lat"], "lat", out var lat, out var latError))
        {
            return BadRequest(latError);
        }

        var result = await source.GetAsync(lon, lat, cancellationToken);
        return result switch
        {
            { Report: { } report } => TypedResults.Ok(report),
            { Refusal: HazardReportRefusal.InvalidCoordinate } => BadRequest(result.Reason!),
            { Refusal: HazardReportRefusal.OutsideWard } => TypedResults.Problem(
                title: "Point outside Minato City / 港区の区域外です",
                detail: result.Reason,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["distanceToWardMetres"] = result.DistanceToWardMetres }),
            _ => TypedResults.Problem(title: "Hazard data not loaded / ハザードデータ未登録", detail: result.Reason,
                statusCode: StatusCodes.Status503ServiceUnavailable),
        };
    }

    private static bool TryCoordinate(string? raw, string name, out double value, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            value = double.NaN;
            error = $"{name} is required (decimal degrees, e.g. lon=139.7454&lat=35.6586)";
            return false;
        }

        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            error = $"{name} must be a decimal number of degrees, got '{raw}'";
            return false;
        }

        return true;
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(title: "Invalid parameter / パラメータが不正です", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
