using System.Globalization;
using Microsoft.Extensions.Options;
using Minato.Disaster.Jma;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis;
using Minato.Gis.Configuration;

namespace Minato.Disaster.Http.Jma;

/// <summary>
/// JMA 防災情報XML: what JMA has in force for Minato, the latest earthquake, 東京湾内湾 and the stored messages (public:
/// this is public information, anonymous, CORS, rate-limited; the raw XML only for hq), and the relay intake
/// <c>POST /api/jma/messages</c> (role hq or relay; audited). Every answer carries the label 気象庁発表 / Issued by JMA.
/// </summary>
public static class JmaApi
{
    private const string Label = "気象庁発表 / Issued by JMA";

    public static IServiceCollection AddJma(this IServiceCollection services)
    {
        services.AddValidatedOptions<JmaOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JmaOptions>>().Value);
        services.AddSingleton<JmaStore>();
        services.AddSingleton<ISituationSource, JmaSource>();
        services.AddHostedService<JmaFeedPoller>();
        services.AddHostedService<JmaDemoPlayer>();
        return services;
    }

    public static IEndpointRouteBuilder MapJmaApi(this IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/api/jma").WithTags("JMA").RequireCors(PublicApi.CorsPolicy).RequireRateLimiting(PublicApi.RateLimitPolicy);
        pub.MapGet("/warnings", WarningsAsync).WithName("JmaWarnings")
            .WithSummary("JMA products in force for Minato now (or at ?at=, ISO 8601): product, kind code and name, 警戒レベル, area, " +
                "river, issued/continued, issued and report times, message id; 気象庁発表, never the ward's own 警報; anonymous");
        pub.MapGet("/earthquakes", EarthquakesAsync).WithName("JmaEarthquakes")
            .WithSummary("The latest earthquake felt in 東京都２３区 / Minato: intensity there and in Minato (東京港区); anonymous");
        pub.MapGet("/tsunami", TsunamiAsync).WithName("JmaTsunami")
            .WithSummary("東京湾内湾 now (or at ?at=): 大津波警報 / 津波警報 / 津波注意報 in force, or the forecast; anonymous");
        pub.MapGet("/messages", MessagesAsync).WithName("JmaMessages")
            .WithSummary("Stored JMA messages, newest first, with status (stored/rejected) and reason; ?xml=true adds the raw XML " +
                "(hq only); ?limit= (1-1000, default 100)");
        app.MapPost("/api/jma/messages", ReceiveAsync).WithTags("JMA").WithName("ReceiveJmaMessage")
            .RequireAuthorization(MinatoPolicies.JmaRelay).Accepts<string>("application/xml")
            .WithSummary("Receive one JMA 防災情報XML message from a relay (role hq or relay; audited): 201 stored, 200 duplicate, 422 " +
                "kept but rejected with its reason, 413 over the size limit");
        return app;
    }

    private static async Task<Results<Ok<WarningsAnswer>, ProblemHttpResult>> WarningsAsync(
        string? at, JmaStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryAt(at, time, out var when))
        {
            return OpsProblems.BadRequest("at", "not an ISO 8601 time with offset, e.g. 2026-09-01T09:00:00+09:00");
        }

        return TypedResults.Ok(new WarningsAnswer(Label, when, await store.InForceAsync(when, cancellationToken)));
    }

    private static async Task<Ok<EarthquakeAnswer>> EarthquakesAsync(JmaStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new EarthquakeAnswer(Label, await store.LatestEarthquakeAsync(cancellationToken)));

    private static async Task<Results<Ok<TsunamiAnswer>, ProblemHttpResult>> TsunamiAsync(
        string? at, JmaStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryAt(at, time, out var when))
        {
            return OpsProblems.BadRequest("at", "not an ISO 8601 time with offset, e.g. 2026-09-01T09:00:00+09:00");
        }

        return TypedResults.Ok(new TsunamiAnswer(Label, when, await store.TsunamiAsync(when, cancellationToken)));
    }

    private static async Task<Results<Ok<IReadOnlyList<JmaStoredMessage>>, ProblemHttpResult>> MessagesAsync(
        HttpContext context, bool? xml, int? limit, JmaStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return OpsProblems.BadRequest("limit", "between 1 and 1000");
        }

        if (xml == true && Actor.FromPrincipal(context.User) is not { IsHq: true })
        {
            return OpsProblems.Forbidden("the raw XML is for hq only / 原文は本部のみ");
        }

        return TypedResults.Ok(await store.MessagesAsync(limit ?? 100, xml == true, cancellationToken));
    }

    private static async Task<Results<Created<JmaIntake>, Ok<JmaIntake>, ProblemHttpResult>> ReceiveAsync(
        HttpContext context, JmaStore store, JmaOptions options, CancellationToken cancellationToken)
    {
        var body = await Requests.RequestBody.ReadCappedAsync(context.Request, options.MaxMessageBytes, cancellationToken);
        if (body is null)
        {
            return OpsProblems.TooLarge($"a JMA message may be at most {options.MaxMessageBytes} bytes");
        }

        if (body.Length == 0)
        {
            return OpsProblems.BadRequest("body", "a JMA 防災情報XML message is required / 電文がありません");
        }

        var intake = await store.SaveAsync(body, "relay", actor: OpsProblems.RequireActor(context), cancellationToken: cancellationToken);
        return intake.Outcome switch
        {
            JmaIntake.Stored => TypedResults.Created($"/api/jma/messages/{intake.Id}", intake),
            JmaIntake.Duplicate => TypedResults.Ok(intake),
            _ => OpsProblems.Unprocessable($"kept as rejected (message {intake.Id}): {intake.Reason}"),
        };
    }

    private static bool TryAt(string? at, TimeProvider time, out DateTimeOffset when)
    {
        if (string.IsNullOrEmpty(at))
        {
            when = time.GetUtcNow();
            return true;
        }

        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out when)
            && (at.EndsWith('Z') || at.Contains('+', StringComparison.Ordinal) || at.LastIndexOf('-') > 9);
    }

    public sealed record WarningsAnswer(string Label, DateTimeOffset At, IReadOnlyList<JmaWarning> Warnings);

    public sealed record EarthquakeAnswer(string Label, JmaEarthquake? Latest);

    public sealed record TsunamiAnswer(string Label, DateTimeOffset At, JmaTsunamiState Tsunami);
}
