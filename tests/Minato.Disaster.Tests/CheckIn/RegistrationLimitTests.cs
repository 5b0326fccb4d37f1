using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;

namespace Minato.Disaster.Tests.CheckIn;

/// <summary>Anonymous registration stores personal data, so it has its own per-address budget
/// (Minato:PublicRegistrationsPerHour).</summary>
public sealed class RegistrationLimitTests(RegistrationLimitTests.Host host) : IClassFixture<RegistrationLimitTests.Host>
{
    public sealed class Host : MinatoApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Minato:PublicRegistrationsPerHour", "2");
        }
    }

    [Fact]
    public async Task Register_ThirdWithinTheHour_429WhileOtherPublicEndpointsServe()
    {
        var ct = TestContext.Current.CancellationToken;
        var anon = host.CreateClient();
        var body = CheckInScene.Household(CheckInScene.Unique("上限"), "じょうげん", 0);

        var first = await anon.PostAsJsonAsync("/api/public/evacuees", body, ct);
        var second = await anon.PostAsJsonAsync("/api/public/evacuees", body, ct);
        var third = await anon.PostAsJsonAsync("/api/public/evacuees", body, ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/api/public/shelters", ct)).StatusCode);
    }
}
