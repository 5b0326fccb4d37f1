using Minato.Disaster.Decisions;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Http.Decisions;

/// <summary>
/// The decision board: <c>GET /api/decisions</c> (HQ and district HQs: recommended 警戒レベル per district and 町丁目 with
/// reasons, residents, alerts in force, drafts), <c>GET /api/decisions/rules</c> (the table in force or a past
/// <c>version</c>) and <c>PUT /api/decisions/rules</c> (HQ: a new version, audited). Nothing here issues an alert.
/// </summary>
public static class DecisionsApi
{
    /// <summary>Request body of <c>PUT /api/decisions/rules</c>: the whole table.</summary>
    public sealed record RulesRequest(List<DecisionRule>? Rules, string? Note);

    public static IServiceCollection AddDecisions(this IServiceCollection services)
    {
        services.AddSingleton<DecisionRuleStore>();
        services.AddSingleton<DecisionBoard>();
        services.AddSingleton<DecisionBoardPublisher>();
        services.AddSingleton<ISituationSource>(sp => sp.GetRequiredService<DecisionBoardPublisher>());
        return services;
    }

    public static IEndpointRouteBuilder MapDecisionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/decisions").WithTags("Decisions").RequireAuthorization(MinatoPolicies.District);
        api.MapGet("", GetAsync).WithName("GetDecisions")
            .WithSummary("Recommended 警戒レベル per district and 町丁目 now, with reasons, residents, alerts in force and drafts");
        api.MapGet("/rules", RulesAsync).WithName("GetDecisionRules").WithSummary("The decision table in force, or ?version=");
        api.MapPut("/rules", PutRulesAsync).WithName("PutDecisionRules").RequireAuthorization(MinatoPolicies.Hq)
            .Accepts<RulesRequest>("application/json").WithSummary("Replace the decision table (HQ): a new version, audited");
        return app;
    }

    private static async Task<Ok<DecisionBoardView>> GetAsync(DecisionBoard board, CancellationToken cancellationToken) =>
        TypedResults.Ok(await board.ComputeAsync(cancellationToken));

    private static async Task<Results<Ok<DecisionRuleStore.RuleSet>, ProblemHttpResult>> RulesAsync(
        int? version, DecisionRuleStore rules, CancellationToken cancellationToken) =>
        await rules.GetAsync(version, cancellationToken) is { } set
            ? TypedResults.Ok(set)
            : OpsProblems.NotFound("decision rule version", version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?");

    private static async Task<Results<Ok<DecisionRuleStore.RuleSet>, ProblemHttpResult>> PutRulesAsync(
        HttpContext context, DecisionRuleStore rules, DecisionBoardPublisher publisher, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<RulesRequest>(context.Request, 256 * 1024, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var result = await rules.PutAsync(OpsProblems.RequireActor(context), body.Value!.Rules, body.Value.Note, cancellationToken);
        if (result.Succeeded)
        {
            await publisher.PublishAsync(cancellationToken);
        }

        return OpsProblems.Answer(result);
    }
}
