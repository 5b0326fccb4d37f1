using System.Globalization;
using Minato.Disaster.Http.Requests;
using Minato.Disaster.Security;
using Minato.Disaster.Subscribers;
using Minato.Gis;

namespace Minato.Disaster.Http.Subscribers;

/// <summary>
/// E-mail subscribers of resident alerts (<c>/api/subscribers</c>): personal data, so hq only; every read is audited
/// (<c>subscriber.read</c>) and nothing of it appears on a public endpoint or in the live situation.
/// </summary>
public static class SubscribersApi
{
    /// <summary>Largest body of an anonymous self-registration request; larger answers 413.</summary>
    public const int SelfRegistrationMaxBytes = 8 * 1024;

    /// <summary>The subscriber store and self-registration (the mail options come with the resident alerts).</summary>
    public static IServiceCollection AddSubscribers(this IServiceCollection services)
    {
        services.AddSingleton<SubscriberStore>();
        services.AddSingleton<SelfRegistration>();
        return services;
    }

    public static IEndpointRouteBuilder MapSubscribersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/subscribers").WithTags("Subscribers").RequireAuthorization(MinatoPolicies.Hq).NoStore();
        api.MapPost("", CreateAsync).WithName("CreateSubscriber").Accepts<SubscriberRequest>("application/json")
            .WithSummary(
                "Register an e-mail subscriber: address, language (ja|en|zh|ko|ja-easy), area (districts, point or polygon); role hq");
        api.MapGet("", ListAsync).WithName("ListSubscribers").WithSummary("Every subscriber (personal data: audited); role hq");
        api.MapGet("/{id:long}", GetAsync).WithName("GetSubscriber").WithSummary("One subscriber (audited); role hq");
        api.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteSubscriber").WithSummary("Delete a subscriber (audited); role hq");

        // Anonymous: a registration is an address, a language and an area: its body is read with a limit of its own.
        var self = app.MapGroup("/api/public/subscriptions").WithTags("Subscribers")
            .RequireRateLimiting(PublicApi.RateLimitPolicy);
        self.MapPost("", RequestAsync).WithName("RequestSubscription").Accepts<SubscriberRequest>("application/json").RequireRateLimiting(
            PublicApi.MailRateLimitPolicy)
            .WithSummary(
                "Self-registration (anonymous): mails a confirmation link to the address; nothing is subscribed until it is opened");
        self.MapGet("/confirm", ConfirmAsync).WithName("ConfirmSubscription")
            .WithSummary("Opens the confirmation link of a self-registration (anonymous): the registrant becomes a subscriber");
        // The link in every alert e-mail. GET only shows a button (mail scanners follow links); POST unsubscribes — also the
        // RFC 8058 one-click request mail programs send to the List-Unsubscribe address.
        self.MapGet("/unsubscribe", UnsubscribePage).WithName("UnsubscribePage")
            .WithSummary("The unsubscribe page of an alert e-mail's link (anonymous): a button that confirms");
        self.MapPost("/unsubscribe", UnsubscribeAsync).WithName("Unsubscribe").DisableAntiforgery()
            .WithSummary("Unsubscribes the holder of the token from alert e-mails (anonymous; the token is the capability)");
        return app;
    }

    private static ContentHttpResult UnsubscribePage(string? token) => TypedResults.Content(
        $$"""
        <!doctype html><html lang="ja"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>配信停止 / Unsubscribe</title>
        <body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">
        <h1>港区 防災情報メール / Minato City alert e-mails</h1>
        <p>このアドレスへの配信を停止しますか？<br>Stop sending alerts to this address?</p>
        <form method="post" action="?token={{System.Net.WebUtility.HtmlEncode(Uri.EscapeDataString(token ?? ""))}}">
        <button type="submit" style="font-size:1.2rem;padding:.6rem 1.2rem">配信を停止する / Unsubscribe</button></form>
        </body></html>
        """, "text/html; charset=utf-8");

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(
        string? token, SubscriberStore store, CancellationToken cancellationToken) =>
        await store.UnsubscribeAsync(token ?? "", cancellationToken)
            ? TypedResults.Content(
                """<!doctype html><html lang="ja"><meta charset="utf-8"><title>配信停止 / Unsubscribed</title>"""
                + """<p>配信を停止しました。/ You will no longer receive alert e-mails.</p></html>""",
                "text/html; charset=utf-8")
            : OpsProblems.NotFound("subscription", "(unknown or already used link / 無効なリンク)");

    private static async Task<Results<Created<Subscriber>, ProblemHttpResult>> CreateAsync(
        HttpContext context, SubscriberStore store, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SubscriberRequest>(context.Request, optional: true,
            cancellationToken: cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value;
        var outcome = await store.CreateAsync(OpsProblems.RequireActor(context), request, cancellationToken);
        return outcome.Succeeded ? TypedResults.Created($"/api/subscribers/{outcome.Value!.Id}", outcome.Value) : OpsProblems.From(outcome);
    }

    private static async Task<Results<Accepted<SubscriptionStatus>, ProblemHttpResult>> RequestAsync(
        HttpRequest http, SelfRegistration registration, Minato.Disaster.PublicAlerts.PublicAlertOptions options,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SubscriberRequest>(http, SelfRegistrationMaxBytes, optional: true, cancellationToken);
        if (body.Problem is { } refused)
        {
            return refused;
        }

        var request = body.Value;
        var baseUrl = string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? $"{http.Scheme}://{http.Host}{http.PathBase}"
            : options.PublicBaseUrl;
        var (error, mailUnavailable) = await registration.RequestAsync(request, baseUrl, cancellationToken);
        return error is null
            ? TypedResults.Accepted((string?)null, new SubscriptionStatus("confirmation-sent"))
            : mailUnavailable
                ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "E-mail unavailable / メールを送信できません",
                    detail: error)
                : OpsProblems.Unprocessable(error);
    }

    private static async Task<Results<Ok<SubscriptionStatus>, ProblemHttpResult>> ConfirmAsync(
        string? token, SelfRegistration registration, CancellationToken cancellationToken) =>
        await registration.ConfirmAsync(token, cancellationToken) is { } s
            ? TypedResults.Ok(new SubscriptionStatus("subscribed", s.Language, s.Districts))
            : OpsProblems.NotFound("subscription request", "(unknown or expired link / 無効または期限切れのリンク)");

    private static async Task<Ok<IReadOnlyList<Subscriber>>> ListAsync(
        HttpContext context, SubscriberStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(OpsProblems.RequireActor(context), cancellationToken));

    private static async Task<Results<Ok<Subscriber>, ProblemHttpResult>> GetAsync(
        long id, HttpContext context, SubscriberStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(OpsProblems.RequireActor(context), id, cancellationToken) is { } s
            ? TypedResults.Ok(s)
            : OpsProblems.NotFound("subscriber", id.ToString(CultureInfo.InvariantCulture));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpContext context, SubscriberStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(OpsProblems.RequireActor(context), id, cancellationToken)
            ? TypedResults.NoContent()
            : OpsProblems.NotFound("subscriber", id.ToString(CultureInfo.InvariantCulture));
}
