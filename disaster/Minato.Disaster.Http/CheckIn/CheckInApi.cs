using Minato.Disaster.CheckIn;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Gis;

namespace Minato.Disaster.Http.CheckIn;

/// <summary>
/// Shelter check-in. Anonymous: <c>POST /api/public/evacuees</c> (a household registers and gets its QR card) and
/// <c>POST /api/public/evacuees/card</c> (the holder of a token sees its own card), both rate-limited. Staff of a centre, its
/// district HQ and HQ: scan in (<c>/api/shelters/{id}/checkins</c>), scan out (<c>/checkouts</c>), type a walk-in
/// (<c>/walk-ins</c>), read the roster (<c>/roster</c>, audited). HQ only: the CSV export (<c>/api/checkins/roster.csv</c>).
/// Every answer holding personal data is <c>no-store</c>.
/// </summary>
public static class CheckInApi
{
    /// <summary>Largest registration body (a household of 20 with long names is about 6 KB).</summary>
    public const int RegistrationMaxBytes = 16 * 1024;

    /// <summary>Largest scan body (a code of 55 characters).</summary>
    public const int ScanMaxBytes = 1024;

    public static IServiceCollection AddCheckIn(this IServiceCollection services)
    {
        services.AddSingleton<CheckInStore>();
        return services;
    }

    public static IEndpointRouteBuilder MapCheckInApi(this IEndpointRouteBuilder app)
    {
        var self = app.MapGroup("/api/public/evacuees").WithTags("Check-in").AllowAnonymous().NoStore()
            .RequireRateLimiting(PublicApi.RegistrationRateLimitPolicy);
        self.MapPost("", RegisterAsync).WithName("RegisterEvacuee").Accepts<EvacueeRegistration>("application/json")
            .WithSummary("A household registers for shelter check-in (anonymous, rate-limited): answers its QR card (an opaque token)");
        self.MapPost("/card", CardAsync).WithName("GetEvacueeCard").Accepts<CardRequest>("application/json")
            .WithSummary("The holder of a registration token sees its card and where it is checked in (anonymous; the token is the key)");

        var staff = app.MapGroup("/api/shelters/{id}").WithTags("Check-in").RequireAuthorization(MinatoPolicies.Staff).NoStore();
        staff.MapPost("/checkins", CheckInAsync).WithName("CheckIn").Accepts<CheckInTarget>("application/json")
            .WithSummary("Check a household in by its scanned code (the centre, its district HQ, hq); moves it from another centre");
        staff.MapPost("/checkouts", CheckOutAsync).WithName("CheckOut").Accepts<CheckInTarget>("application/json")
            .WithSummary("Check a household out by its code or evacueeId (the centre, its district HQ, hq)");
        staff.MapPost("/walk-ins", WalkInAsync).WithName("WalkIn").Accepts<EvacueeRegistration>("application/json")
            .WithSummary("Register a household typed by staff and check it in; answers its QR card to print");
        staff.MapGet("/roster", RosterAsync).WithName("GetRoster")
            .WithSummary("The households checked in at a centre (personal data; audited): the centre, its district HQ, hq");

        app.MapGet("/api/checkins/roster.csv", ExportAsync).WithName("ExportRoster").WithTags("Check-in")
            .RequireAuthorization(MinatoPolicies.Hq).NoStore()
            .WithSummary("Every checked-in household (or one centre's: ?shelter=) as CSV, UTF-8 with BOM (hq; audited)");
        return app;
    }

    private static async Task<Results<Created<EvacueeCard>, ProblemHttpResult>> RegisterAsync(
        HttpRequest http, CheckInStore store, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadValidJsonAsync<EvacueeRegistration>(http, b => b.Validate(), RegistrationMaxBytes,
            cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        var card = await store.RegisterAsync(CheckInStore.Public, read.Value!, cancellationToken);
        return TypedResults.Created((string?)null, card);
    }

    private static async Task<Results<Ok<EvacueeCard>, ProblemHttpResult>> CardAsync(
        HttpRequest http, CheckInStore store, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadValidJsonAsync<CardRequest>(http, b => b.Validate(), ScanMaxBytes, cancellationToken);
        if (read.Problem is { } refused)
        {
            return refused;
        }

        return await store.CardAsync(read.Value!.Token, cancellationToken) is { } card
            ? TypedResults.Ok(card)
            : OpsProblems.NotFound("no registration with this code / 登録が見つかりません");
    }

    private static Task<Results<Ok<CheckInResult>, ProblemHttpResult>> CheckInAsync(
        string id, HttpContext context, CheckInStore store, ShelterStore shelters, CancellationToken cancellationToken) =>
        ScanAsync(id, context, shelters, (actor, target) => store.CheckInAsync(actor, id, target, cancellationToken), cancellationToken);

    private static Task<Results<Ok<CheckInResult>, ProblemHttpResult>> CheckOutAsync(
        string id, HttpContext context, CheckInStore store, ShelterStore shelters, CancellationToken cancellationToken) =>
        ScanAsync(id, context, shelters, (actor, target) => store.CheckOutAsync(actor, id, target, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<CheckInResult>, ProblemHttpResult>> ScanAsync(string id, HttpContext context,
        ShelterStore shelters, Func<Actor, CheckInTarget, Task<Minato.Disaster.Results.Outcome<CheckInResult>>> apply,
        CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        if (await GuardAsync(id, actor, shelters, cancellationToken) is { } refused)
        {
            return refused;
        }

        var read = await RequestBody.ReadValidJsonAsync<CheckInTarget>(context.Request, b => b.Validate(), ScanMaxBytes, cancellationToken);
        if (read.Problem is { } bad)
        {
            return bad;
        }

        return OpsProblems.Answer(await apply(actor, read.Value!));
    }

    private static async Task<Results<Created<CheckInResult>, ProblemHttpResult>> WalkInAsync(
        string id, HttpContext context, CheckInStore store, ShelterStore shelters, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        if (await GuardAsync(id, actor, shelters, cancellationToken) is { } refused)
        {
            return refused;
        }

        var read = await RequestBody.ReadValidJsonAsync<EvacueeRegistration>(context.Request, b => b.Validate(), RegistrationMaxBytes,
            cancellationToken);
        if (read.Problem is { } bad)
        {
            return bad;
        }

        var outcome = await store.WalkInAsync(actor, id, read.Value!, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created((string?)null, outcome.Value) : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<RosterEntry>>, ProblemHttpResult>> RosterAsync(
        string id, HttpContext context, CheckInStore store, CancellationToken cancellationToken) =>
        OpsProblems.Answer(await store.RosterAsync(OpsProblems.RequireActor(context), id, cancellationToken));

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        string? shelter, HttpContext context, CheckInStore store, ShelterStore shelters, CancellationToken cancellationToken)
    {
        long? facility = null;
        if (shelter is not null)
        {
            if (await shelters.GetAsync(shelter, cancellationToken) is not { } centre)
            {
                return OpsProblems.NotFound("shelter", shelter);
            }

            facility = long.Parse(centre.Id, System.Globalization.CultureInfo.InvariantCulture);
        }

        var roster = await store.ExportAsync(OpsProblems.RequireActor(context), facility, cancellationToken);
        return TypedResults.File(RosterCsv.Write(roster), "text/csv; charset=utf-8",
            shelter is null ? "roster.csv" : $"roster-{shelter}.csv");
    }

    /// <summary>Who first, then what: a caller who may not work at the centre learns nothing from validation messages.</summary>
    private static async Task<ProblemHttpResult?> GuardAsync(string id, Actor actor, ShelterStore shelters,
        CancellationToken cancellationToken)
    {
        var centre = await shelters.GetAsync(id, cancellationToken);
        if (centre is null)
        {
            return OpsProblems.NotFound("shelter", id);
        }

        return CheckInStore.CanWork(actor, centre) ? null
            : OpsProblems.Forbidden($"{actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} may not work at centre {centre.Id} " +
                                    $"(district {centre.District ?? "unknown"}) / この避難所の受付を行う権限がありません");
    }
}
