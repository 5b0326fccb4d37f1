using Minato.Disaster.Http.Requests;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Disaster.Situation;
using Minato.Gis;

namespace Minato.Disaster.Http.Shelters;

/// <summary>
/// Shelters: <c>/api/shelters</c> (staff: list, one, history; open, close, counts and needs) and
/// <c>/api/public/shelters</c> (anyone: open centres and their crowding only, as GeoJSON).
/// </summary>
public static class SheltersApi
{
    public static IServiceCollection AddShelters(this IServiceCollection services)
    {
        services.AddSingleton<ShelterStore>();
        services.AddSingleton<ISituationSource, ShelterSource>();
        services.AddHostedService<ShelterMasterDataSync>();
        return services;
    }

    public static IEndpointRouteBuilder MapSheltersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/shelters").WithTags("Shelters").RequireAuthorization(MinatoPolicies.Staff);
        api.MapGet("", ListAsync).WithName("ListShelters")
            .WithSummary("Shelters with their state (staff); filters: district, open=true|false");
        api.MapGet("/{id}", GetAsync).WithName("GetShelter").WithSummary("One shelter (staff)");
        api.MapGet("/{id}/history", HistoryAsync).WithName("GetShelterHistory")
            .WithSummary("A centre's state changes, newest first (staff; limit 1–1000, default 100)");
        api.MapPost("/{id}/open", OpenAsync).WithName("OpenShelter")
            .WithSummary("Open a centre (開設): HQ, the centre itself, or its district HQ; counts start at zero; idempotent");
        api.MapPost("/{id}/close", CloseAsync).WithName("CloseShelter")
            .WithSummary("Close a centre (閉鎖): HQ, the centre itself, or its district HQ; idempotent");
        api.MapPut("/{id}/status", PutStatusAsync).WithName("PutShelterStatus").Accepts<ShelterStatusUpdate>("application/json")
            .WithSummary("Report an open centre's capacity, headcount, households, special needs and supplies needed");

        app.MapGet("/api/public/shelters", PublicAsync).WithName("ListPublicShelters").WithTags("Shelters")
            .WithSummary("Open shelters and their crowding (anonymous; GeoJSON; no needs, supplies or staff)")
            .AllowAnonymous()
            .RequireCors(PublicApi.CorsPolicy)
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Shelter>>> ListAsync(
        string? district, bool? open, ShelterStore shelters, CancellationToken cancellationToken) =>
        TypedResults.Ok(await shelters.ListAsync(district, open, cancellationToken));

    private static async Task<Results<Ok<Shelter>, ProblemHttpResult>> GetAsync(
        string id, ShelterStore shelters, CancellationToken cancellationToken) =>
        await shelters.GetAsync(id, cancellationToken) is { } centre ? TypedResults.Ok(centre) : OpsProblems.NotFound("shelter", id);

    private static async Task<Results<Ok<IReadOnlyList<ShelterHistoryEntry>>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        string id, int? limit, ShelterStore shelters, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return OpsProblems.Invalid("limit", "limit must be between 1 and 1000");
        }

        if (await shelters.GetAsync(id, cancellationToken) is null)
        {
            return OpsProblems.NotFound("shelter", id);
        }

        return TypedResults.Ok(await shelters.HistoryAsync(id, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<Shelter>, ProblemHttpResult>> OpenAsync(
        string id, HttpContext context, ShelterStore shelters, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await shelters.OpenAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<Shelter>, ProblemHttpResult>> CloseAsync(
        string id, HttpContext context, ShelterStore shelters, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await shelters.CloseAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<Shelter>, ProblemHttpResult, ValidationProblem>> PutStatusAsync(
        string id, HttpContext context, ShelterStore shelters, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        // Who first, then what: a caller who may not edit the centre learns nothing from validation messages.
        var centre = await shelters.GetAsync(id, cancellationToken);
        if (centre is null)
        {
            return OpsProblems.NotFound("shelter", id);
        }

        if (!ShelterStore.CanEdit(actor, centre))
        {
            return Forbidden(actor, centre);
        }

        var read = await RequestBody.ReadValidJsonAsync<ShelterStatusUpdate>(
            context.Request, b => b.Validate(), cancellationToken: cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var body = read.Value!;

        var result = await shelters.UpdateStatusAsync(actor, id, body, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : OpsProblems.From(result);
    }

    private static async Task<JsonHttpResult<PublicShelterCollection>> PublicAsync(
        ShelterStore shelters, CancellationToken cancellationToken)
    {
        var open = await shelters.ListAsync(null, true, cancellationToken);
        return TypedResults.Json(new PublicShelterCollection(open.Select(c => c.ToPublic()!).ToList()),
            contentType: "application/geo+json");
    }

    private static ProblemHttpResult Forbidden(Actor actor, Shelter centre) =>
        OpsProblems.Forbidden($"{actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} may not edit centre {centre.Id} " +
                              $"({centre.Name}, district {centre.District ?? "unknown"}) / この避難所を編集する権限がありません");
}
