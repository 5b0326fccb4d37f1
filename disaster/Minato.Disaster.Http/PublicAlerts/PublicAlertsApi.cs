using System.Text;
using Minato.Disaster.Http.Subscribers;
using Minato.Disaster.PublicAlerts;
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
        hq.MapPost("", IssueAsync).WithName("IssuePublicAlert")
            .WithSummary("Issue and publish a resident alert (CAP msgType Alert; role hq)");
        hq.MapPut("/{id:long}", UpdateAsync).WithName("UpdatePublicAlert")
            .WithSummary("Publish an Update of an alert (CAP msgType Update referencing the earlier messages; role hq)");
        hq.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelPublicAlert")
            .WithSummary("Publish the Cancel of an alert (CAP msgType Cancel; role hq)");

        var pub = app.MapGroup("").WithTags("Public alerts").RequireCors(PublicApi.CorsPolicy).RequireRateLimiting(PublicApi.RateLimitPolicy);
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

        app.MapSubscribersApi();
        return app;
    }

    private static async Task<Results<Created<PublicAlert>, ProblemHttpResult>> IssueAsync(
        PublicAlertRequest? request, HttpContext context, PublicAlertService service, CancellationToken cancellationToken)
    {
        var result = await service.IssueAsync(OpsProblems.RequireActor(context), request, cancellationToken);
        return result.Outcome == PublishOutcome.Published
            ? TypedResults.Created($"/api/public-alerts/{result.Alert!.Id}", result.Alert)
            : Problem(result);
    }

    private static async Task<Results<Ok<PublicAlert>, ProblemHttpResult>> UpdateAsync(
        long id, PublicAlertRequest? request, HttpContext context, PublicAlertService service, CancellationToken cancellationToken)
    {
        var result = await service.UpdateAsync(OpsProblems.RequireActor(context), id, request, cancellationToken);
        return result.Outcome == PublishOutcome.Published ? TypedResults.Ok(result.Alert!) : Problem(result, id);
    }

    private static async Task<Results<Ok<PublicAlert>, ProblemHttpResult>> CancelAsync(
        long id, CancelAlertRequest? request, HttpContext context, PublicAlertService service, CancellationToken cancellationToken)
    {
        var result = await service.CancelAsync(OpsProblems.RequireActor(context), id, request, cancellationToken);
        return result.Outcome == PublishOutcome.Published ? TypedResults.Ok(result.Alert!) : Problem(result, id);
    }

    private static async Task<ContentHttpResult> ListAsync(bool? active, PublicAlertStore store, CancellationToken cancellationToken)
    {
        var alerts = await store.ListJsonAsync(active ?? false, cancellationToken: cancellationToken);
        return TypedResults.Text("[" + string.Join(',', alerts) + "]", "application/json", Encoding.UTF8);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(long id, PublicAlertStore store, CancellationToken cancellationToken) =>
        await store.GetJsonAsync(id, cancellationToken) is { } json
            ? TypedResults.Text(json, "application/json", Encoding.UTF8)
            : OpsProblems.NotFound("public alert", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<ContentHttpResult> FeedAsync(
        HttpRequest request, PublicAlertStore store, PublicAlertOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.PublicBaseUrl;
        var feed = AtomFeed.Build(await store.FeedAsync(cancellationToken), baseUrl, time.GetUtcNow(), options.SenderNameJa, options.SenderNameEn);
        return TypedResults.Text(CapDocument.ToText(feed), AtomFeed.ContentType, Encoding.UTF8);
    }

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> CapAsync(long id, PublicAlertStore store, CancellationToken cancellationToken) =>
        Cap(id, null, store, cancellationToken);

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> CapVersionAsync(
        long id, int version, PublicAlertStore store, CancellationToken cancellationToken) => Cap(id, version, store, cancellationToken);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> Cap(long id, int? version, PublicAlertStore store, CancellationToken cancellationToken) =>
        await store.GetCapAsync(id, version, cancellationToken) is { } xml
            ? TypedResults.Text(xml, CapDocument.ContentType, Encoding.UTF8)
            : OpsProblems.NotFound("CAP message", version is null ? $"{id}" : $"{id}/{version}");

    private static ProblemHttpResult Problem(PublishResult result, long? id = null) => result.Outcome switch
    {
        PublishOutcome.NotFound => OpsProblems.NotFound("public alert", id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        PublishOutcome.Conflict => OpsProblems.Conflict(result.Error!),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Invalid alert / 警報の内容に誤りがあります",
            detail: result.Error,
            extensions: result.Errors is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["errors"] = result.Errors }),
    };
}
