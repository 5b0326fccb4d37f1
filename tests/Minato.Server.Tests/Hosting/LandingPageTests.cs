using System.Net;

namespace Minato.Server.Tests.Hosting;

public sealed class LandingPageTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    [Fact]
    public async Task Root_Get_LinksThePublicApiInJapaneseAndEnglish()
    {
        var response = await factory.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/ogc\"", html, StringComparison.Ordinal);
        Assert.Contains("港区", html, StringComparison.Ordinal);
        Assert.Contains("Hazards at a point", html, StringComparison.Ordinal);
    }
}
