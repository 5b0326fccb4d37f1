using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace Minato.Disaster.Tests.Subscribers;

/// <summary>Self-registration sends e-mail, so it has its own tight per-address budget (Minato:PublicMailRequestsPerHour).</summary>
public sealed class SelfRegistrationLimitTests(SelfRegistrationLimitTests.Host host) : IClassFixture<SelfRegistrationLimitTests.Host>
{
    public sealed class Host : MinatoApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Minato:PublicMailRequestsPerHour", "2");
        }
    }

    [Fact]
    public async Task RequestSubscription_ThirdWithinTheHour_429WhileOtherPublicEndpointsServe()
    {
        var ct = TestContext.Current.CancellationToken;
        var anon = host.CreateClient();
        var body = new { email = "limit@example.jp", language = "ja", area = new { districts = new[] { "shiba" } } };

        var first = await anon.PostAsJsonAsync("/api/public/subscriptions", body, ct);
        var second = await anon.PostAsJsonAsync("/api/public/subscriptions", body, ct);
        var third = await anon.PostAsJsonAsync("/api/public/subscriptions", body, ct);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/api/public-alerts?active=true", ct)).StatusCode);
    }
}
