using System.Text;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.PublicAlerts;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Gis;

namespace Minato.Disaster.Http.PublicAlerts;

/// <summary>
/// Resident alerts: issue / update / cancel (hq; each an explicit publish of a CAP message, audited), the public JSON
/// list, the CAP 1.2 documents and their Atom index (anonymous, CORS, rate-limited), and the subscriber endpoints.
/// </summary>
public static class PublicAlertsApi
{
    public static IEndpointRouteBuilder MapPublicAlertsApi(this IEndpointRouteBuilder app)
    {
        var hq = app.MapGroup("/api/public-alerts").WithTags("Public alerts").RequireAuthorization(MinatoPolicies.Hq);
        hq.MapPost("", IssueAsync).WithName("IssuePublicAlert").Accepts<PublicAlertRequest>("application/json")
            .WithSummary("Issue and publish a resident alert (CAP msgType Alert; role hq)");
        hq.MapPut("/{id:long}", UpdateAsync).WithName("UpdatePublicAlert").Accepts<PublicAlertRequest>("application/json")
            .WithSummary("Publish an Update of an alert (CAP msgType Update referencing the earlier messages; role hq)");
        hq.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelPublicAlert").Accepts<CancelAlertRequest>("application/json")
            .WithSummary("Publish the Cancel of an alert (CAP msgType Cancel; role hq)");

        var pub = app.MapGroup("").WithTags("Public alerts").RequireCors(PublicApi.CorsPolicy).RequireRateLimiting(
            PublicApi.RateLimitPolicy);
        pub.MapGet("/api/public-alerts", ListAsync).WithName("ListPublicAlerts")
            .WithSummary("Resident alerts as JSON (active=true: only those neither cancelled nor expired); anonymous")
            .Produces<PublicAlert[]>(contentType: "application/json");
        pub.MapGet("/api/public-alerts/{id:long}", GetAsync).WithName("GetPublicAlert").WithSummary("One resident alert as JSON; anonymous")
            .Produces<PublicAlert>(contentType: "application/json");
        pub.MapGet("/alerts/cap", FeedAsync).WithName("CapFeed")
            .WithSummary("Atom 1.0 index of current CAP 1.2 alerts (and those cancelled in the last 24 h); anonymous");
        pub.MapGet("/alerts/cap/{id:long}.xml", CapAsync).WithName("CapDocument")
            .WithSummary("The newest CAP 1.2 message of an alert; anonymous");
        pub.MapGet("/alerts/cap/{id:long}/{version:int}.xml", CapVersionAsync).WithName("CapDocumentVersion")
            .WithSummary("One CAP 1.2 message (version 1 = the Alert) of an alert, as published; anonymous");

        return app;
    }

    private static async Task<Results<Created<PublicAlert>, ProblemHttpResult>> IssueAsync(
        HttpContext context, PublicAlertPublisher service, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<PublicAlertRequest>(
            context.Request, optional: true, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value;
        var result = await service.IssueAsync(OpsProblems.RequireActor(context), request, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/public-alerts/{result.Value!.Alert.Id}", result.Value.Alert)
            : OpsProblems.From(result);
    }

    private static Task<Results<Ok<PublicAlert>, ProblemHttpResult>> UpdateAsync(
        long id, HttpContext context, PublicAlertPublisher service, CancellationToken cancellationToken) =>
        PublishAsync<PublicAlertRequest>(context, (actor, request) => service.UpdateAsync(actor, id, request, cancellationToken),
            cancellationToken);

    private static Task<Results<Ok<PublicAlert>, ProblemHttpResult>> CancelAsync(
        long id, HttpContext context, PublicAlertPublisher service, CancellationToken cancellationToken) =>
        PublishAsync<CancelAlertRequest>(context, (actor, request) => service.CancelAsync(actor, id, request, cancellationToken),
            cancellationToken);

    /// <summary>Reads the (optional) body, publishes with it as the caller, and answers the alert as published.</summary>
    private static async Task<Results<Ok<PublicAlert>, ProblemHttpResult>> PublishAsync<TRequest>(
        HttpContext context, Func<Actor, TRequest?, Task<Outcome<PublishResult>>> publish, CancellationToken cancellationToken)
        where TRequest : class
    {
        var body = await RequestBody.ReadJsonAsync<TRequest>(context.Request, optional: true, cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var result = await publish(OpsProblems.RequireActor(context), body.Value);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Alert) : OpsProblems.From(result);
    }

    private static async Task<ContentHttpResult> ListAsync(bool? active, PublicAlertStore store, CancellationToken cancellationToken)
    {
        var alerts = await store.ListJsonAsync(active ?? false, cancellationToken: cancellationToken);
        return TypedResults.Text("[" + string.Join(',', alerts) + "]", "application/json", Encoding.UTF8);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        long id, PublicAlertStore store, CancellationToken cancellationToken) =>
        await store.GetJsonAsync(id, cancellationToken) is { } json
            ? TypedResults.Text(json, "application/json", Encoding.UTF8)
            : OpsProblems.NotFound("public alert", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<ContentHttpResult> FeedAsync(
        HttpRequest request, PublicAlertStore store, PublicAlertOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.PublicBaseUrl;
        var feed = AtomFeed.Build(await store.FeedAsync(cancellationToken), baseUrl, time.GetUtcNow(), options.SenderNameJa,
            options.SenderNameEn);
        return TypedResults.Text(CapDocument.ToText(feed), AtomFeed.ContentType, Encoding.UTF8);
    }

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> CapAsync(
        long id, PublicAlertStore store, CancellationToken cancellationToken) =>
        Cap(id, null, store, cancellationToken);

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> CapVersionAsync(
        long id, int version, PublicAlertStore store, CancellationToken cancellationToken) => Cap(id, version, store, cancellationToken);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Cap(
        long id, int? version, PublicAlertStore store, CancellationToken cancellationToken) =>
        await store.GetCapAsync(id, version, cancellationToken) is { } xml
            ? TypedResults.Text(xml, CapDocument.ContentType, Encoding.UTF8)
            : OpsProblems.NotFound("CAP message", version is null ? $"{id}" : $"{id}/{version}");
}
