using System.Net;
using System.Text.Json;

namespace Minato.Server.Tests.Hosting;

public sealed class HostTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    [Fact]
    public async Task Healthz_DatabaseUp_ReturnsOk()
    {
        // The start-up migrations run in the background: 503 until they are done (a fraction of a second here).
        var client = factory.CreateClient();
        var response = await Wait.ForAsync(() => client.GetAsync("/healthz"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), r => $"/healthz to stop answering {r.StatusCode}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Get_ReturnsOpenApi3Document()
    {
        var response = await factory.CreateClient().GetAsync("/openapi.json");

        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReference_Get_ReturnsHtmlPage()
    {
        var response = await factory.CreateClient().GetAsync("/docs");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
