using Minato.Disaster.Exposure;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.Exposure;

/// <summary>
/// <c>GET /api/exposure?hazard=|alert=|chome=|polygon=</c> (HQ and district HQs): the 町丁目 an area touches with
/// their residents and households (census 2020, area-weighted where partly inside) and the totals per district.
/// Not personal data (census aggregates), but staff-only: it is an operational view.
/// </summary>
public static class ExposureApi
{
    public static IServiceCollection AddExposure(this IServiceCollection services) => services.AddSingleton<ExposureStore>();

    public static IEndpointRouteBuilder MapExposureApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/exposure", GetAsync).WithName("GetExposure").WithTags("Exposure")
            .RequireAuthorization(MinatoPolicies.District)
            .WithSummary("Residents and households in an area (one of hazard=kind, alert=id, chome=KEY_CODE,…, "
                + "polygon=lon,lat,…), per 町丁目 and per district; area-weighted");
        return app;
    }

    private static async Task<Results<Ok<ExposureReport>, ProblemHttpResult>> GetAsync(
        string? hazard, string? alert, string? chome, string? polygon, ExposureStore exposure, CancellationToken cancellationToken)
    {
        var given = new[] { ("hazard", hazard), ("alert", alert), ("chome", chome), ("polygon", polygon) }
            .Where(p => p.Item2 is not null).ToList();
        if (given.Count != 1)
        {
            return OpsProblems.BadRequest("area", "give exactly one of hazard, alert, chome or polygon");
        }

        Minato.Disaster.Results.Outcome<ExposureReport> outcome;
        switch (given[0].Item1)
        {
            case "hazard":
                outcome = await exposure.ForHazardAsync(hazard!, cancellationToken);
                break;
            case "alert":
                if (!long.TryParse(alert, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                        out var id) || id <= 0)
                {
                    return OpsProblems.BadRequest("alert", "alert is the id of a resident alert (a positive whole number)");
                }

                outcome = await exposure.ForAlertAsync(id, cancellationToken);
                break;
            case "chome":
                var keys = chome!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Distinct(StringComparer.Ordinal).ToList();
                outcome = await exposure.ForChomeAsync(keys, cancellationToken);
                break;
            default:
                var (parsed, error) = ExposureStore.ParsePolygon(polygon!);
                if (parsed is null)
                {
                    return OpsProblems.BadRequest("polygon", error!);
                }

                outcome = await exposure.ForPolygonAsync(polygon!, parsed, cancellationToken);
                break;
        }

        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!)
            : outcome.Status == Minato.Disaster.Results.OutcomeStatus.Invalid
                ? OpsProblems.BadRequest(outcome.Errors ?? new Dictionary<string, string[]> { ["area"] = [outcome.Detail ?? "invalid"] })
                : OpsProblems.From(outcome);
    }
}
