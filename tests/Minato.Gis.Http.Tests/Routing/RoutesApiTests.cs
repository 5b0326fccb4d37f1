using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Minato.Testing;

namespace Minato.Gis.Http.Tests.Routing;

/// <summary>The routing endpoints over HTTP on a small hand-made network: GeoJSON out, problem details for every refusal.</summary>
public sealed class RoutesApiTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>, IAsyncLifetime
{
    // A footway west–east (≈ 181 m), then steps north (≈ 222 m, beyond the 150 m snap) to a flood site on a hill.
    public async ValueTask InitializeAsync()
    {
        if (await factory.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE source = 'api-test'") == 0)
        {
            await factory.Database.ExecuteAsync("""
                INSERT INTO gis.roads (source, source_id, name, road_class, geom) VALUES
                  ('api-test', 'a', '歩道', 'footway', ST_GeomFromText('LINESTRING(139.740 35.650, 139.742 35.650)', 6668)),
                  ('api-test', 'b', '神社の石段', 'steps', ST_GeomFromText('LINESTRING(139.742 35.650, 139.742 35.652)', 6668));
                INSERT INTO gis.facilities (kind, source, source_id, name, suits_flood, geom) VALUES
                  ('evacuation_site', 'api-test', 'hill', '高台公園', true, ST_SetSRID(ST_MakePoint(139.742, 35.652), 6668));
                """);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Evacuation_Walk_GeoJsonRouteWithLengthTimeStepsAndSite()
    {
        var response = await factory.CreateClient().GetAsync("/api/routes/evacuation?from=139.7401,35.6501&hazard=flood");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var route = doc.RootElement.GetProperty("features")[0];
        Assert.Equal("LineString", route.GetProperty("geometry").GetProperty("type").GetString());
        var p = route.GetProperty("properties");
        var length = p.GetProperty("length_m").GetDouble();
        Assert.InRange(length, 172 + 222 - 3, 172 + 222 + 3); // 0.95 of the footway, then the steps
        Assert.Equal(Math.Round(length), p.GetProperty("walking_time_s").GetDouble());
        Assert.Equal("神社の石段", p.GetProperty("steps")[0].GetProperty("name").GetString());
        Assert.Equal("高台公園", p.GetProperty("destination").GetProperty("name").GetString());
        Assert.Equal("destination", doc.RootElement.GetProperty("features")[1].GetProperty("properties").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Evacuation_WheelchairOnlyStepsLeadThere_422Isolated()
    {
        var response = await factory.CreateClient().GetAsync(
            "/api/routes/evacuation?from=139.7401,35.6501&hazard=flood&mode=wheelchair");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("isolated", doc.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("from=139.60,35.60&hazard=flood", "off_network")]
    [InlineData("from=139.7401,35.6501&hazard=fire", "no_site")]
    public async Task Evacuation_NoRoute_422WithTheReason(string query, string reason)
    {
        var response = await factory.CreateClient().GetAsync($"/api/routes/evacuation?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, doc.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("hazard=flood", "from must be lon,lat")]
    [InlineData("from=139.74&hazard=flood", "from must be lon,lat")]
    [InlineData("from=abc,35.65&hazard=flood", "from must be lon,lat")]
    [InlineData("from=139.74,95&hazard=flood", "not a longitude/latitude")]
    [InlineData("from=139.74,35.65&hazard=volcano", "hazard must be one of")]
    [InlineData("from=139.74,35.65", "hazard must be one of")]
    [InlineData("from=139.74,35.65&hazard=flood&mode=car", "mode must be walk or wheelchair")]
    [InlineData("from=139.74,35.65&hazard=flood&radius=3", "unknown parameter(s): radius")]
    public async Task Evacuation_BadParameters_400ProblemNamingTheProblem(string query, string expected)
    {
        var response = await factory.CreateClient().GetAsync($"/api/routes/evacuation?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PointToPoint_Anonymous401_StaffGetsRouteNotCached()
    {
        const string Url = "/api/routes?from=139.7401,35.6501&to=139.7419,35.6500";
        var anonymous = await factory.CreateClient().GetAsync(Url);
        var staff = factory.CreateClient();
        var token = factory.Services.GetRequiredService<Minato.Server.Security.TokenIssuer>()
            .Issue(new Minato.Server.Security.TokenRequest("hq-1", "hq"));
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await staff.GetAsync(Url);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.InRange(doc.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("length_m").GetDouble(), 161, 165);
    }
}
