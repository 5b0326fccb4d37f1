using System.Security.Cryptography;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Recovery;
using Minato.Disaster.Results;
using Minato.Disaster.Recovery.Surveys;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.Recovery;

/// <summary>
/// <c>/api/surveys</c>: building damage surveys (住家被害認定調査). Field staff and HQ record them (field staff on the
/// buildings they recorded or in their token's district); HQ reads all, field staff read the ones they recorded (to
/// confirm what their phone delivered; others' answer 404 like missing ones), nobody else any. Every read audited.
/// </summary>
internal static class SurveysApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/surveys").WithTags("Damage surveys")
            .RequireAuthorization(p => p.RequireRole(MinatoClaims.Hq, MinatoClaims.Field)).NoStore();
        api.MapPost("", CreateAsync).WithName("CreateSurvey")
            .WithSummary("Record a building damage survey (role field or hq); the grade is derived from the damage ratio")
            .WithDescription("Body: {buildingId} or {building: {address, location (GeoJSON Point), structure, floors, use}}, round 1|2, " +
                             "damageRatio (%, two decimals) and/or components [{component, weight, damage}], surveyedAt, note. Optional " +
                                 "header " +
                             "Idempotency-Key (8–128 characters): a retry returns the first survey (Idempotency-Replayed: true).")
            .Accepts<SurveyRequest>("application/json")
            .Produces<Survey>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("", ListAsync).WithName("ListSurveys")
            .WithSummary("Surveys (hq: all, filtered by buildingId, district, grade, round; field: their own). Audited");
        api.MapGet("/{id:long}", GetAsync).WithName("GetSurvey").WithSummary("One survey with its building. Audited");
    }

    private static async Task<Results<Created<Survey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, SurveyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        string? key = context.Request.Headers[IdempotencyHeader];
        if (key is not null && (key.Length is < 8 or > 128 || key.Any(c => c is < '!' or > '~')))
        {
            return OpsProblems.Invalid(IdempotencyHeader, "Idempotency-Key is 8–128 printable ASCII characters (a UUID will do)");
        }

        var body = await RequestBody.ReadJsonAsync<SurveyRequest>(context.Request, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value!;
        var raw = body.Raw;

        var errors = SurveyValidator.Validate(request, time.GetUtcNow(), out var survey);
        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        var outcome = await store.CreateAsync(actor, survey!, key, key is null ? null : SHA256.HashData(raw), cancellationToken);
        if (outcome.Status == OutcomeStatus.Replayed)
        {
            context.Response.Headers["Idempotency-Replayed"] = "true";
        }

        return outcome.Value is { } created
            ? TypedResults.Created($"/api/surveys/{created.Id}", created)
            : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<SurveyList>, ValidationProblem>> ListAsync(
        HttpContext context, SurveyStore store, long? buildingId, string? district, string? grade, int? round, int? limit, int? offset,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (grade is not null && DamageGrades.FromWire(grade) is null)
        {
            errors["grade"] = [$"grade is one of {string.Join(", ", DamageGrades.All.Select(g => g.ToWire()))}"];
        }

        if (round is not (null or 1 or 2))
        {
            errors["round"] = ["round is 1 or 2"];
        }

        if (district is not null && Minato.Gis.Layers.Ward.Districts.All(d => d.Id != district))
        {
            errors["district"] = [$"district is one of {string.Join(", ", Minato.Gis.Layers.Ward.Districts.Select(d => d.Id))}"];
        }

        var (take, skip) = RecoveryHttp.Paging(limit, offset, errors);
        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        var surveys = await store.ListAsync(OpsProblems.RequireActor(context),
            new SurveyQuery(buildingId, district, grade, round, Limit: take, Offset: skip), cancellationToken);
        return TypedResults.Ok(new SurveyList(surveys, take, skip));
    }

    private static async Task<Results<Ok<Survey>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, SurveyStore store, CancellationToken cancellationToken)
    {
        var outcome = await store.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken);
        return outcome.Value is { } survey ? TypedResults.Ok(survey) : OpsProblems.From(outcome);
    }
}
