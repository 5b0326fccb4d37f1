using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace Minato.Server.Tests.Hosting;

/// <summary>The host with a tiny public rate limit (and registration limit).</summary>
public class StrictRateLimitFactory : MinatoApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:PublicRequestsPerSecond", "1");
        builder.UseSetting("Minato:PublicBurst", "3");
        builder.UseSetting("Minato:PublicRegistrationsPerHour", "1");
    }
}

/// <summary>The same tiny limits, switched off as <c>./minato bench public</c> does (Minato:PublicRateLimitsEnabled=false).</summary>
public sealed class LimitsOffFactory : StrictRateLimitFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:PublicRateLimitsEnabled", "false");
    }
}

public sealed class RateLimitTests(StrictRateLimitFactory factory) : IClassFixture<StrictRateLimitFactory>
{
    [Fact]
    public async Task PublicApi_BurstExceeded_Returns429AndKeepsServing()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.GetAsync("/api/hazards/at?lon=139.7454&lat=35.6586");
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(3, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        // The refusal is RFC 9457 problem details, like every other error.
        Assert.Equal("application/problem+json", refused!.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        // The limiter guards the public API only: the health probe still answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Registration_OverTheHourlyLimit_Returns429ByDefault()
    {
        var client = factory.CreateClient();
        var first = await client.PostAsJsonAsync("/api/public/evacuees", Household());
        var second = await client.PostAsJsonAsync("/api/public/evacuees", Household());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    internal static object Household() => new
    {
        name = "上限 " + Guid.NewGuid().ToString("N")[..8],
        kana = "じょうげん",
        members = Array.Empty<object>(),
        consent = false,
    };
}

/// <summary><c>Minato:PublicRateLimitsEnabled=false</c> (the bench's servers only) lifts the per-address limits.</summary>
public sealed class RateLimitSwitchTests(LimitsOffFactory factory) : IClassFixture<LimitsOffFactory>
{
    [Fact]
    public async Task PublicApi_LimitsOff_BurstFromOneAddressAllServed()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.GetAsync("/api/hazards/at?lon=139.7454&lat=35.6586")).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(12, statuses.Count);
    }

    [Fact]
    public async Task Registration_LimitsOff_EveryRegistrationCreated()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsJsonAsync("/api/public/evacuees", RateLimitTests.Household());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }
}
