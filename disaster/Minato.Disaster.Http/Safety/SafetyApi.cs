using System.Globalization;
using Minato.Disaster.Safety;
using Minato.Gis.Configuration;
using Minato.Disaster.Security;

namespace Minato.Disaster.Http.Safety;

/// <summary>
/// 安否 inquiries: <c>GET /api/safety/search?q=</c> for HQ and the call centre. Only people who consented are found; every
/// search is audited; each user may make <see cref="SafetyOptions.SearchesPerMinute"/> searches a minute (429 beyond).
/// </summary>
public static class SafetyApi
{
    public static IServiceCollection AddSafety(this IServiceCollection services)
    {
        services.AddValidatedOptions<SafetyOptions>();
        services.AddSingleton<SearchRateLimiter>();
        services.AddSingleton<SafetySearch>();
        return services;
    }

    public static IEndpointRouteBuilder MapSafetyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/safety/search", SearchAsync).WithName("SafetySearch").WithTags("Safety")
            .RequireAuthorization(MinatoPolicies.Safety).NoStore()
            .WithSummary("安否: the centre and status of people who consented, by full name, kana or part of the address " +
                         "(hq, call-centre; audited; rate-limited per user)");
        return app;
    }

    private static async Task<Results<Ok<SafetyAnswer>, ProblemHttpResult>> SearchAsync(
        string? q, HttpContext context, SafetySearch search, SearchRateLimiter limiter, CancellationToken cancellationToken)
    {
        var actor = OpsProblems.RequireActor(context);
        if (limiter.TryAcquire(actor.Identity) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return OpsProblems.TooManyRequests("too many searches: wait and try again / 照会回数の上限に達しました。しばらく待ってください");
        }

        if (string.IsNullOrWhiteSpace(q) || q.Length > SafetySearch.MaxQueryLength)
        {
            return OpsProblems.BadRequest("q", "give a full name, kana or part of an address (1–100 characters) / 氏名・ふりがな・住所を入力してください");
        }

        return OpsProblems.Answer(await search.SearchAsync(actor, q, cancellationToken));
    }
}
