using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Minato.Server.Live;
using Minato.Gis.Configuration;

namespace Minato.Server.Hosting;

/// <summary>
/// What stands between the Internet and the endpoints: forwarded headers from configured proxies only, the security
/// headers (<see cref="SecurityHeaders"/>) and the per-address limit on SignalR negotiation.
/// </summary>
internal static class EdgeProtection
{
    public static WebApplicationBuilder AddEdgeProtection(this WebApplicationBuilder builder, ServerOptions options)
    {
        var proxies = ValidatedOptions.Read<ForwardedHeadersSettings>(builder.Configuration);
        builder.Services.AddValidatedOptions<ForwardedHeadersSettings>();
        builder.Services.Configure<ForwardedHeadersOptions>(o => Configure(o, proxies));
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(LiveExtensions.NegotiatePolicy, ctx =>
            PublicApiPolicies.TokenBucketPerClient(ctx, options.HubNegotiationsBurst, options.HubNegotiationsPerMinute,
                TimeSpan.FromMinutes(1))));
        return builder;
    }

    /// <summary>First in the pipeline, so every later step (limits, logs, links) sees the client, not the proxy.</summary>
    public static WebApplication UseEdgeProtection(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersSettings>>().Value;
        // With no proxy named, ASP.NET's middleware would trust any sender once its loopback defaults are cleared: leave it out.
        if (proxies.KnownProxies.Count > 0 || proxies.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        app.Use(CapBodyAsync);
        return app;
    }

    /// <summary>
    /// Enforces an endpoint's <see cref="IRequestSizeLimitMetadata"/> (e.g. the anonymous self-registration's few KB): a
    /// declared length above it is refused at once with 413 problem details, and the server stops reading beyond it.
    /// </summary>
    private static Task CapBodyAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is not { } max)
        {
            return next(context);
        }

        if (context.Request.ContentLength > max)
        {
            var detail = $"the request body is {context.Request.ContentLength} bytes; this endpoint takes at most {max} bytes";
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large / サイズが大きすぎます", detail: detail)
                .ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }

        return next(context);
    }

    internal static void Configure(ForwardedHeadersOptions options, ForwardedHeadersSettings settings)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = settings.ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{ForwardedHeadersSettings.Section}:KnownProxies: '{proxy}' is not an IP address"));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"{ForwardedHeadersSettings.Section}:KnownNetworks: '{network}' is not a CIDR network"));
        }
    }
}
