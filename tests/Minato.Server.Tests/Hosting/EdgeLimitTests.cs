using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Minato.Server.Tests.Hosting;

/// <summary>Every request arrives from one reverse proxy at 10.0.0.5 with a tiny public rate limit (burst 3).</summary>
public class BehindProxyFactory : MinatoApiFactory
{
    public const string ProxyAddress = "10.0.0.5";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:PublicRequestsPerSecond", "1");
        builder.UseSetting("Minato:PublicBurst", "3");
        builder.UseSetting("Minato:HubNegotiationsPerMinute", "1");
        builder.UseSetting("Minato:HubNegotiationsBurst", "2");
        builder.ConfigureServices(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, ProxyPeer>());
    }

    /// <summary>The in-memory server has no TCP peer: this makes it the proxy, before the host's own middleware.</summary>
    private sealed class ProxyPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(ProxyAddress);
                return following(context);
            });
            next(app);
        };
    }
}

/// <summary>The same, with the proxy configured as trusted.</summary>
public sealed class TrustedProxyFactory : BehindProxyFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:ForwardedHeaders:KnownProxies:0", ProxyAddress);
    }
}

/// <summary>Without a configured proxy, X-Forwarded-For is ignored: a client cannot pick its own bucket.</summary>
public sealed class UntrustedProxyTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{

    [Fact]
    public async Task PublicApi_ForwardedForFromUnknownProxy_Ignored()
    {
        var statuses = await EdgeLimitRequests.StationsFromAsync(factory, "192.0.2.1", 4);
        statuses.AddRange(await EdgeLimitRequests.StationsFromAsync(factory, "192.0.2.2", 1));

        // One bucket of 3 for everyone: the fourth and fifth are refused, whatever the header says.
        HttpStatusCode[] expected =
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests];
        Assert.Equal(expected, statuses);
    }
}

/// <summary>Without a configured proxy, X-Forwarded-Proto is ignored too (a host of its own: the bucket above is exact).</summary>
public sealed class UntrustedProtoTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task OgcLinks_ForwardedProtoFromUnknownProxy_Ignored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ogc");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("\"href\":\"https://", body, StringComparison.Ordinal);
    }
}

/// <summary>Behind a configured proxy each client has its own bucket, and hub negotiation is limited per client.</summary>
public sealed class TrustedProxyTests(TrustedProxyFactory factory) : IClassFixture<TrustedProxyFactory>
{
    [Fact]
    public async Task PublicApi_ForwardedForFromKnownProxy_OneBucketPerClient()
    {
        var first = await EdgeLimitRequests.StationsFromAsync(factory, "192.0.2.1", 4);
        var second = await EdgeLimitRequests.StationsFromAsync(factory, "192.0.2.2", 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[3]);
        Assert.Equal([HttpStatusCode.OK], second);
    }

    [Fact]
    public async Task OgcLinks_ForwardedProtoFromKnownProxy_UseTheClientsScheme()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ogc");
        request.Headers.Add("X-Forwarded-For", "192.0.2.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"href\":\"https://", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubNegotiate_BeyondTheBurst_Returns429PerClient()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add(await NegotiateAsync(client, "198.51.100.7"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(client, "198.51.100.8"));
    }

    private static async Task<HttpStatusCode> NegotiateAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/situation/negotiate?negotiateVersion=1");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}

/// <summary>The telemetry reads are the public API: CORS for any origin and the public rate limit.</summary>
public sealed class TelemetryPublicPolicyTests(StrictRateLimitFactory factory) : IClassFixture<StrictRateLimitFactory>
{
    [Theory]
    [InlineData("/api/stations")]
    [InlineData("/api/alerts/active")]
    [InlineData("/api/stations/R-1/observations")]
    public async Task TelemetryRead_FromAnotherOrigin_AllowedByCors(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://example.org");
        using var response = await factory.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Stations_BurstExceeded_Returns429()
    {
        var statuses = await EdgeLimitRequests.StationsFromAsync(factory, null, 6);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}

internal static class EdgeLimitRequests
{
    public static async Task<List<HttpStatusCode>> StationsFromAsync(MinatoApiFactory factory, string? forwardedFor, int count)
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stations");
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}

/// <summary>Anonymous self-registration reads a few KB, not the server's 28.6 MB default (issue 11, finding 7).</summary>
public sealed class SelfRegistrationCapTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    [Fact]
    public async Task RequestSubscription_BodyOverTheCap_Returns413Problem()
    {
        var padding = new string('x', 20_000);
        using var response = await factory.CreateClient().PostAsync("/api/public/subscriptions", new StringContent(
            $$"""{"email":"someone@example.jp","language":"ja","area":{"districts":["shiba"]},"pad":"{{padding}}"}""",
            System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
