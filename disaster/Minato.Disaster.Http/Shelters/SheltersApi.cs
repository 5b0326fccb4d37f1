using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Disaster.Situation;
using Minato.Gis;

namespace Minato.Disaster.Http.Shelters;

/// <summary>
/// Evacuation centres: <c>/api/shelters</c> (staff: list, one, history; open, close, counts and needs) and
/// <c>/api/public/shelters</c> (anyone: open centres and their crowding only, as GeoJSON).
/// </summary>
public static class SheltersApi
{
    public static IServiceCollection AddShelters(this IServiceCollection services)
    {
        services.AddSingleton<ShelterService>();
        services.AddSingleton<ISituationSource, ShelterSource>();
        services.AddHostedService<ShelterMasterDataSync>();
        return services;
    }

    public static IEndpointRouteBuilder MapSheltersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shelters").WithTags("Evacuation centres").RequireAuthorization(MinatoPolicies.Staff);
        api.MapGet("", ListAsync).WithName("ListShelters")
            .WithSummary("Evacuation centres with their state (staff); filters: district, open=true|false");
        api.MapGet("/{id}", GetAsync).WithName("GetShelter").WithSummary("One evacuation centre (staff)");
        api.MapGet("/{id}/history", HistoryAsync).WithName("GetShelterHistory")
            .WithSummary("A centre's state changes, newest first (staff; limit 1–1000, default 100)");
        api.MapPost("/{id}/open", OpenAsync).WithName("OpenShelter")
            .WithSummary("Open a centre (開設): HQ, the centre itself, or its district HQ; counts start at zero; idempotent");
        api.MapPost("/{id}/close", CloseAsync).WithName("CloseShelter")
            .WithSummary("Close a centre (閉鎖): HQ, the centre itself, or its district HQ; idempotent");
        api.MapPut("/{id}/status", PutStatusAsync).WithName("PutShelterStatus")
            .WithSummary("Report an open centre's capacity, headcount, households, special needs and supplies needed");

        app.MapGet("/api/public/shelters", PublicAsync).WithName("ListPublicShelters").WithTags("Evacuation centres")
            .WithSummary("Open evacuation centres and their crowding (anonymous; GeoJSON; no needs, supplies or staff)")
            .AllowAnonymous()
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<EvacuationCentre>>> ListAsync(
        string? district, bool? open, ShelterService shelters, CancellationToken cancellationToken) =>
        TypedResults.Ok(await shelters.ListAsync(district, open, cancellationToken));

    private static async Task<Results<Ok<EvacuationCentre>, ProblemHttpResult>> GetAsync(
        string id, ShelterService shelters, CancellationToken cancellationToken) =>
        await shelters.GetAsync(id, cancellationToken) is { } centre ? TypedResults.Ok(centre) : OpsProblems.NotFound("evacuation centre", id);

    private static async Task<Results<Ok<IReadOnlyList<ShelterHistoryEntry>>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        string id, int? limit, ShelterService shelters, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 1000"] });
        }

        if (await shelters.GetAsync(id, cancellationToken) is null)
        {
            return OpsProblems.NotFound("evacuation centre", id);
        }

        return TypedResults.Ok(await shelters.HistoryAsync(id, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<EvacuationCentre>, ProblemHttpResult>> OpenAsync(
        string id, HttpContext context, ShelterService shelters, CancellationToken cancellationToken) =>
        ToHttp(await shelters.OpenAsync(OpsProblems.RequireActor(context), id, cancellationToken), id);

    private static async Task<Results<Ok<EvacuationCentre>, ProblemHttpResult>> CloseAsync(
        string id, HttpContext context, ShelterService shelters, CancellationToken cancellationToken) =>
        ToHttp(await shelters.CloseAsync(OpsProblems.RequireActor(context), id, cancellationToken), id);

    private static async Task<Results<Ok<EvacuationCentre>, ProblemHttpResult, ValidationProblem>> PutStatusAsync(
        string id, ShelterStatusUpdate body, HttpContext context, ShelterService shelters, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        // Who first, then what: a caller who may not edit the centre learns nothing from validation messages.
        var centre = await shelters.GetAsync(id, cancellationToken);
        if (centre is null)
        {
            return OpsProblems.NotFound("evacuation centre", id);
        }

        if (!ShelterService.CanEdit(actor, centre))
        {
            return Forbidden(actor, centre);
        }

        var errors = body.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid centre status / 避難所の状況が不正です");
        }

        var result = await shelters.UpdateStatusAsync(actor, id, body, cancellationToken);
        return result.Outcome == ShelterOutcome.Ok ? TypedResults.Ok(result.Centre!) : Problem(result, id);
    }

    private static async Task<JsonHttpResult<PublicShelterCollection>> PublicAsync(ShelterService shelters, CancellationToken cancellationToken)
    {
        var open = await shelters.ListAsync(null, true, cancellationToken);
        return TypedResults.Json(new PublicShelterCollection(open.Select(c => c.ToPublic()!).ToList()), contentType: "application/geo+json");
    }

    private static ProblemHttpResult Forbidden(Actor actor, EvacuationCentre centre) =>
        OpsProblems.Forbidden($"{actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} may not edit centre {centre.Id} " +
                              $"({centre.Name}, district {centre.District ?? "unknown"}) / この避難所を編集する権限がありません");

    private static Results<Ok<EvacuationCentre>, ProblemHttpResult> ToHttp(ShelterResult result, string id) =>
        result.Outcome == ShelterOutcome.Ok ? TypedResults.Ok(result.Centre!) : Problem(result, id);

    private static ProblemHttpResult Problem(ShelterResult result, string id) => result.Outcome switch
    {
        ShelterOutcome.NotFound => OpsProblems.NotFound("evacuation centre", id),
        ShelterOutcome.Forbidden => OpsProblems.Forbidden(result.Error!),
        _ => OpsProblems.Conflict(result.Error!),
    };
}
