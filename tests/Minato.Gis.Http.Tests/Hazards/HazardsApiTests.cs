using System.Net;
using System.Text.Json;
using Minato.Testing;

namespace Minato.Gis.Http.Tests.Hazards;

public sealed class HazardsApiTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        if (await factory.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary") == 0)
        {
            await factory.Database.ExecuteAsync(HazardScenario.Sql);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task GetAt_PointInWard_ReturnsHazardsSitesAndBoring()
    {
        var response = await factory.CreateClient().GetAsync("/api/hazards/at?lon=139.7454&lat=35.6586");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("shiba", root.GetProperty("location").GetProperty("districtId").GetString());
        Assert.Contains(root.GetProperty("hazards").EnumerateArray(), h => h.GetProperty("kind").GetString() == "flood");
        var flood = root.GetProperty("evacuation").EnumerateArray().Single(e => e.GetProperty("hazard").GetString() == "flood");
        Assert.Equal(3, flood.GetProperty("sites").GetArrayLength());
        Assert.Equal("B-near", root.GetProperty("nearestBoring").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetAt_PointOutsideWard_Returns422ProblemWithReason()
    {
        var response = await factory.CreateClient().GetAsync("/api/hazards/at?lon=139.80&lat=35.65");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("outside Minato City", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(doc.RootElement.GetProperty("distanceToWardMetres").GetDouble() > 800);
    }

    [Theory]
    [InlineData("/api/hazards/at?lat=35.65", "lon is required")]
    [InlineData("/api/hazards/at?lon=abc&lat=35.65", "lon must be a decimal number")]
    [InlineData("/api/hazards/at?lon=139.74&lat=95", "not a longitude/latitude")]
    [InlineData("/api/hazards/at?lon=139.74&lat=35.65&radius=3", "unknown parameter(s): radius")]
    public async Task GetAt_BadParameters_Returns400ProblemNamingTheProblem(string url, string expected)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAt_AnyOrigin_AllowedByCors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hazards/at?lon=139.7454&lat=35.6586");
        request.Headers.Add("Origin", "https://example.org");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}

public sealed class HazardsApiEmptyDatabaseTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>
{
    [Fact]
    public async Task GetAt_NoBoundaryLoaded_Returns503()
    {
        var response = await factory.CreateClient().GetAsync("/api/hazards/at?lon=139.7454&lat=35.6586");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
