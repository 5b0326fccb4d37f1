using Minato.Disaster.Http.Requests;
using Minato.Disaster.Recovery;
using Minato.Disaster.Results;
using Minato.Disaster.Recovery.Ledger;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.Recovery;

/// <summary>
/// <c>/api/ledger/households</c>: the victim ledger (被災者台帳), HQ only. Every read (list and detail) appends one
/// <c>ledger.read</c> audit row naming the households read; every write its own audit row. No public projection exists.
/// </summary>
internal static class LedgerApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ledger/households").WithTags("Victim ledger").RequireAuthorization(MinatoPolicies.Hq).NoStore();
        api.MapPost("", CreateAsync).WithName("CreateHousehold").WithSummary("Add a household to the victim ledger (role hq)")
            .Accepts<HouseholdInput>("application/json").Produces<Household>(StatusCodes.Status201Created);
        api.MapGet("", ListAsync).WithName("ListHouseholds")
            .WithSummary("Households (q = name, kana or address substring; buildingId; limit, offset; role hq). Audited");
        api.MapGet("/{id:long}", GetAsync).WithName("GetHousehold")
            .WithSummary("A household with its buildings, surveys' grades, certificates and support (role hq). Audited");
        api.MapPut("/{id:long}", UpdateAsync).WithName("UpdateHousehold")
            .WithSummary("Replace a household's details; a stale version answers 409 (role hq)").Accepts<HouseholdInput>(
                "application/json");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteHousehold")
            .WithSummary("Delete a household entered by mistake; one with certificates or support is kept (409; role hq)");
        api.MapPost("/{id:long}/buildings", LinkAsync).WithName("LinkHouseholdBuilding")
            .WithSummary("Link a surveyed building to the household (role hq)").Accepts<BuildingLink>("application/json");
        api.MapDelete("/{id:long}/buildings/{buildingId:long}", UnlinkAsync).WithName("UnlinkHouseholdBuilding")
            .WithSummary("Unlink a building (not while a current certificate links them; role hq)");
        api.MapPost("/{id:long}/support", AddSupportAsync).WithName("AddHouseholdSupport")
            .WithSummary("Record support given (被災者生活再建支援金, 義援金, 応急修理, 応急仮設住宅, other; role hq)")
            .Accepts<SupportInput>("application/json").Produces<Household>(StatusCodes.Status201Created);
        api.MapDelete("/{id:long}/support/{supportId:long}", DeleteSupportAsync).WithName("DeleteHouseholdSupport")
            .WithSummary("Remove a support record entered by mistake (role hq)");
    }

    private static async Task<Results<Created<Household>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, LedgerStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<HouseholdInput>(
            context.Request, i => i.Validate(), cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var input = body.Value!;

        var outcome = await store.CreateAsync(OpsProblems.RequireActor(context), input, cancellationToken);
        return TypedResults.Created($"/api/ledger/households/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<IReadOnlyList<HouseholdSummary>>, ValidationProblem>> ListAsync(
        HttpContext context, LedgerStore store, string? q, long? buildingId, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (take, skip) = RecoveryHttp.Paging(limit, offset, errors);
        if (q is { Length: > 100 })
        {
            errors["q"] = ["q is at most 100 characters"];
        }

        if (errors.Count > 0)
        {
            return OpsProblems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListAsync(OpsProblems.RequireActor(context), new LedgerQuery(q, buildingId, take, skip),
            cancellationToken));
    }

    private static async Task<Results<Ok<Household>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, LedgerStore store, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await store.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<Ok<Household>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        long id, HttpContext context, LedgerStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<HouseholdInput>(
            context.Request, i => i.Validate(), cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var input = body.Value!;

        var outcome = await store.UpdateAsync(OpsProblems.RequireActor(context), id, input, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : OpsProblems.From(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpContext context, LedgerStore store, CancellationToken cancellationToken)
    {
        var outcome = await store.DeleteAsync(OpsProblems.RequireActor(context), id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<Household>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        long id, HttpContext context, LedgerStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<BuildingLink>(context.Request, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var link = body.Value!;

        if (link.BuildingId is not > 0)
        {
            return OpsProblems.Invalid("buildingId", "buildingId (a surveyed building) is required");
        }

        var outcome = await store.LinkBuildingAsync(OpsProblems.RequireActor(context), id, link.BuildingId.Value, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<Household>, ProblemHttpResult>> UnlinkAsync(
        long id, long buildingId, HttpContext context, LedgerStore store, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await store.UnlinkBuildingAsync(OpsProblems.RequireActor(context), id, buildingId, cancellationToken));

    private static async Task<Results<Created<Household>, ValidationProblem, ProblemHttpResult>> AddSupportAsync(
        long id, HttpContext context, LedgerStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<SupportInput>(context.Request, i => i.Validate(),
            cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var input = body.Value!;

        var outcome = await store.AddSupportAsync(OpsProblems.RequireActor(context), id, input, cancellationToken);
        return outcome.Value is { } household
            ? TypedResults.Created($"/api/ledger/households/{id}", household)
            : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<Household>, ProblemHttpResult>> DeleteSupportAsync(
        long id, long supportId, HttpContext context, LedgerStore store, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await store.DeleteSupportAsync(OpsProblems.RequireActor(context), id, supportId, cancellationToken));
}
