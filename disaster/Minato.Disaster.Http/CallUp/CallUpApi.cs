using System.Globalization;
using Minato.Disaster.CallUp;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis;
using Minato.Gis.Configuration;
using Microsoft.Extensions.Options;

namespace Minato.Disaster.Http.CallUp;

/// <summary>
/// Staff call-up (職員参集): the 配備体制 rules (<c>/api/callup-rules</c>, hq), call-ups (<c>/api/callups</c>: hq starts,
/// proposes by hand, confirms, dismisses, ends; hq and district HQs read the board — a district its own counts, no
/// names) and the answer link's page (<c>/callup/{token}</c>, anonymous: the token is the capability).
/// </summary>
public static class CallUpApi
{
    public static IServiceCollection AddCallUp(this IServiceCollection services)
    {
        services.AddValidatedOptions<CallUpOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CallUpOptions>>().Value);
        services.AddSingleton<StaffStore>();
        services.AddSingleton<CallUpRuleStore>();
        services.AddSingleton<CallUpService>();
        services.AddSingleton<CallUpMailer>();
        services.AddSingleton<ICallUpMailQueue>(sp => sp.GetRequiredService<CallUpMailer>());
        services.AddHostedService(sp => sp.GetRequiredService<CallUpMailer>());
        services.AddHostedService<CallUpReminders>();
        services.AddSingleton<ISituationSource, CallUpSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapCallUpApi(this IEndpointRouteBuilder app)
    {
        app.MapStaffApi();
        var rules = app.MapGroup("/api/callup-rules").WithTags("Staff call-up").RequireAuthorization(MinatoPolicies.Hq).NoStore();
        rules.MapGet("", async (CallUpRuleStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(ct)))
            .WithName("ListCallUpRules").WithSummary("The 配備体制 rules (trigger → level and groups); role hq");
        rules.MapPost("", CreateRuleAsync).WithName("CreateCallUpRule").Accepts<CallUpRuleInput>("application/json")
            .WithSummary("Add a rule: triggerKind jma + triggerCode, or intensity + minIntensity; level; groups; immediate; hq");
        rules.MapPut("/{id:long}", UpdateRuleAsync).WithName("UpdateCallUpRule").Accepts<CallUpRuleInput>("application/json")
            .WithSummary("Edit a rule (a new version; active=false retires it); role hq");
        rules.MapGet("/{id:long}/versions", VersionsAsync).WithName("CallUpRuleVersions")
            .WithSummary("Every version of a rule, oldest first; role hq");

        var callUps = app.MapGroup("/api/callups").WithTags("Staff call-up").NoStore();
        callUps.MapGet("", ListAsync).RequireAuthorization(MinatoPolicies.District).WithName("ListCallUps")
            .WithSummary("Call-ups with their boards: hq sees who has not answered (audited); a district HQ its own counts only");
        var hq = callUps.MapGroup("").RequireAuthorization(MinatoPolicies.Hq);
        hq.MapPost("", StartAsync).WithName("StartCallUp").Accepts<StartCallUpRequest>("application/json")
            .WithSummary("Call up staff now: level (info|first|second|third), groups (empty = everyone), reason; role hq");
        hq.MapPost("/propose", ProposeAsync).WithName("ProposeCallUp").Accepts<CallUpTrigger>("application/json")
            .WithSummary("What the rules propose for a trigger ({kind:jma, code} or {kind:intensity, intensity}); role hq");
        hq.MapPost("/{id:long}/confirm", (long id, HttpContext c, CallUpService s, CancellationToken ct) =>
            Answer(s.ConfirmAsync(OpsProblems.RequireActor(c), id, RequestBase(c.Request), ct)))
            .WithName("ConfirmCallUp").WithSummary("Confirm a proposed call-up: the e-mails go out; role hq");
        hq.MapPost("/{id:long}/dismiss", (long id, HttpContext c, CallUpService s, CancellationToken ct) =>
            Answer(s.DismissAsync(OpsProblems.RequireActor(c), id, ct))).WithName("DismissCallUp")
            .WithSummary("Decline a proposed call-up; role hq");
        hq.MapPost("/{id:long}/end", (long id, HttpContext c, CallUpService s, CancellationToken ct) =>
            Answer(s.EndAsync(OpsProblems.RequireActor(c), id, ct))).WithName("EndCallUp")
            .WithSummary("End an active call-up: its answer links stop working; role hq");

        // Anonymous: the link in the e-mail. GET only shows the choices (mail scanners open links); POST answers.
        var link = app.MapGroup(CallUpMailer.AnswerPath.TrimEnd('/')).WithTags("Staff call-up").NoStore()
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        link.MapGet("/{token}", AnswerPage.ShowAsync).WithName("CallUpAnswerPage")
            .WithSummary("The page of a call-up answer link (anonymous, the token is the capability): 参集可能 + minutes / 参集不可");
        link.MapPost("/{token}", AnswerPage.AnswerAsync).WithName("CallUpAnswer").DisableAntiforgery()
            .WithSummary("Records the answer of the link's holder (form: answer=available&minutes=30 | answer=unavailable)");
        return app;
    }

    /// <summary>The address of <paramref name="request"/> (for answer links when no base URL is configured).</summary>
    internal static string RequestBase(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static async Task<Results<Ok<CallUpView>, ProblemHttpResult>> Answer(
        Task<Minato.Disaster.Results.Outcome<CallUpView>> outcome) =>
        OpsProblems.Answer(await outcome);

    private static async Task<Results<Created<CallUpRule>, ProblemHttpResult>> CreateRuleAsync(
        HttpContext context, CallUpRuleStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<CallUpRuleInput>(context.Request, b => b.Validate(),
            cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var outcome = await store.CreateAsync(OpsProblems.RequireActor(context), body.Value!, cancellationToken);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/callup-rules/{outcome.Value!.Id}", outcome.Value)
            : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<CallUpRule>, ProblemHttpResult>> UpdateRuleAsync(
        long id, HttpContext context, CallUpRuleStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<CallUpRuleInput>(context.Request, b => b.Validate(),
            cancellationToken: cancellationToken);
        return body.Problem ?? (Results<Ok<CallUpRule>, ProblemHttpResult>)OpsProblems.Answer(
            await store.UpdateAsync(OpsProblems.RequireActor(context), id, body.Value!, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<System.Text.Json.JsonElement>>, ProblemHttpResult>> VersionsAsync(
        long id, CallUpRuleStore store, CancellationToken cancellationToken)
    {
        var versions = await store.VersionsAsync(id, cancellationToken);
        return versions.Count == 0
            ? OpsProblems.NotFound("call-up rule", id.ToString(CultureInfo.InvariantCulture))
            : TypedResults.Ok(versions);
    }

    private static async Task<Results<Ok<IReadOnlyList<CallUpView>>, ProblemHttpResult>> ListAsync(
        HttpContext context, CallUpService callUps, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        if (actor.IsHq)
        {
            return TypedResults.Ok(await callUps.ListAsync(actor, cancellationToken));
        }

        if (actor.District is not { } district)
        {
            return OpsProblems.Forbidden("a district token without its district claim / 地区の指定がありません");
        }

        // A district HQ: its own counts, no names (the list itself is then not personal data).
        var all = await callUps.ListAsync(actor, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CallUpView>>([.. all.Where(c => c.State != CallUpStates.Dismissed).Select(c => c with
        {
            Board = c.Board with
            {
                Total = c.Board.ByDistrict.FirstOrDefault(d => d.Key == district) ?? new BoardCounts(district, 0, 0, 0, 0, 0, 0),
                ByDistrict = [.. c.Board.ByDistrict.Where(d => d.Key == district)],
                ByGroup = c.Board.ByGroupIn(district),
                ByDistrictAndGroup = [.. c.Board.ByDistrictAndGroup.Where(d => d.Key.StartsWith(district + "/", StringComparison.Ordinal))],
                NotAnswered = null,
            },
        })]);
    }

    private static async Task<Results<Created<CallUpView>, ProblemHttpResult>> StartAsync(
        HttpContext context, CallUpService callUps, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<StartCallUpRequest>(context.Request, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var b = body.Value!;
        var outcome = await callUps.StartAsync(OpsProblems.RequireActor(context), b.Level, b.Groups, b.Reason, RequestBase(context.Request),
            cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/callups/{outcome.Value!.Id}", outcome.Value) : OpsProblems.From(outcome);
    }

    private static async Task<Results<Ok<IReadOnlyList<CallUpView>>, ProblemHttpResult>> ProposeAsync(
        HttpContext context, CallUpService callUps, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadValidJsonAsync<CallUpTrigger>(context.Request, t => t.Validate(),
            cancellationToken: cancellationToken);
        return body.Problem ?? (Results<Ok<IReadOnlyList<CallUpView>>, ProblemHttpResult>)OpsProblems.Answer(
            await callUps.ProposeAsync(body.Value!, OpsProblems.RequireActor(context), RequestBase(context.Request), cancellationToken));
    }
}
