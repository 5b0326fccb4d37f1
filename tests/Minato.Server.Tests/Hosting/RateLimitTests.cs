using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Minato.Server.Tests.Hosting;

/// <summary>The host with a tiny public rate limit.</summary>
public sealed class StrictRateLimitFactory : MinatoApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:PublicRequestsPerSecond", "1");
        builder.UseSetting("Minato:PublicBurst", "3");
    }
}

public sealed class RateLimitTests(StrictRateLimitFactory factory) : IClassFixture<StrictRateLimitFactory>
{
    [Fact]
    public async Task PublicApi_BurstExceeded_Returns429AndKeepsServing()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/api/hazards/at?lon=139.7454&lat=35.6586")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        // The limiter guards the public API only: the health probe still answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
