using System.Threading.RateLimiting;
using Minato.Gis;

namespace Minato.Server.Hosting;

/// <summary>
/// The policies every public (anonymous, read-only) endpoint names through <see cref="PublicApi"/>: CORS open to any
/// origin for reads, and token-bucket rate limits per client address (a much tighter one for requests that send e-mail).
/// <see cref="ServerOptions.PublicRateLimitsEnabled"/> = false lifts the public and registration limits (a load test's
/// clients share one address); the e-mail limit always applies.
/// </summary>
internal static class PublicApiPolicies
{
    /// <summary>One partition without a limit, for every client when the public limits are off.</summary>
    private static readonly RateLimitPartition<string> Unlimited = RateLimitPartition.GetNoLimiter("unlimited");

    public static WebApplicationBuilder AddPublicApiPolicies(this WebApplicationBuilder builder, ServerOptions options)
    {
        builder.Services.AddCors(o => o.AddPolicy(PublicApi.CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD", "OPTIONS")
            .AllowAnyHeader().WithExposedHeaders("ETag", "Content-Crs", "Link")));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicApi.MailRateLimitPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PublicMailRequestsPerHour,
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.AddPolicy(PublicApi.RegistrationRateLimitPolicy, ctx => !options.PublicRateLimitsEnabled ? Unlimited
                : RateLimitPartition.GetFixedWindowLimiter(
                    ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PublicRegistrationsPerHour,
                        Window = TimeSpan.FromHours(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            o.AddPolicy(PublicApi.RateLimitPolicy, ctx => !options.PublicRateLimitsEnabled ? Unlimited
                : TokenBucketPerClient(ctx, options.PublicBurst, options.PublicRequestsPerSecond, TimeSpan.FromSeconds(1)));
        });
        return builder;
    }

    /// <summary>A token bucket per client address (after forwarded headers from trusted proxies); no queue: over it, 429.</summary>
    internal static RateLimitPartition<string> TokenBucketPerClient(HttpContext context, int burst, int perPeriod, TimeSpan period) =>
        RateLimitPartition.GetTokenBucketLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}
