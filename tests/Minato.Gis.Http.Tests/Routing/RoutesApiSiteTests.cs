using System.Net;
using System.Text.Json;
using Minato.Testing;

namespace Minato.Gis.Http.Tests.Routing;

/// <summary>
/// <c>/api/routes/evacuation?site=</c>: the route to one chosen site (「ここへの経路」 from a site's popup) under the hazard's
/// weights, a warning when the site is not designated for the hazard, and problem details for unknown or closed sites.
/// </summary>
public sealed class RoutesApiSiteTests(MinatoApiFactory factory) : IClassFixture<MinatoApiFactory>, IAsyncLifetime
{
    // A footway west–east (≈ 362 m) whose middle lies in a flood area of rank 3 (forbidden for flood), and a detour north
    // (≈ 222 + 362 + 222 m) around it. 東の広場 at the east end suits flood only; 北の高台 on the detour suits flood and is
    // nearer; a closed site, a shelter closed by operations, a water point and an island site complete the cast.
    public async ValueTask InitializeAsync()
    {
        if (await factory.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE source = 'site-test'") == 0)
        {
            await factory.Database.ExecuteAsync("""
                INSERT INTO gis.roads (source, source_id, name, road_class, geom) VALUES
                  ('site-test', 'direct', '直線の歩道', 'footway', ST_GeomFromText('LINESTRING(139.760 35.640, 139.764 35.640)', 6668)),
                  ('site-test', 'detour', '迂回路', 'footway',
                   ST_GeomFromText('LINESTRING(139.760 35.640, 139.760 35.642, 139.764 35.642, 139.764 35.640)', 6668)),
                  ('site-test', 'island', '島の道', 'footway', ST_GeomFromText('LINESTRING(139.770 35.640, 139.771 35.640)', 6668));
                INSERT INTO gis.hazard_areas (kind, rank, rank_label, source, source_id, valid_from, geom) VALUES
                  ('flood', 3, '3.0–5.0 m', 'site-test', 'deep', '2024-01-01',
                   ST_Multi(ST_MakeEnvelope(139.7615, 35.6395, 139.7625, 35.6405, 6668)));
                INSERT INTO gis.facilities (kind, source, source_id, name, suits_flood, is_open, geom) VALUES
                  ('evacuation_site', 'site-test', 'east', '東の広場', true, true, ST_SetSRID(ST_MakePoint(139.764, 35.640), 6668)),
                  ('evacuation_site', 'site-test', 'north', '北の高台', true, true, ST_SetSRID(ST_MakePoint(139.760, 35.642), 6668)),
                  ('evacuation_site', 'site-test', 'closed', '閉鎖中の広場', true, false, ST_SetSRID(ST_MakePoint(139.762, 35.642), 6668)),
                  ('shelter', 'site-test', 'ops-closed', '閉所した避難所', true, true, ST_SetSRID(ST_MakePoint(139.763, 35.642), 6668)),
                  ('water_point', 'site-test', 'water', '給水所', false, true, ST_SetSRID(ST_MakePoint(139.761, 35.642), 6668)),
                  ('evacuation_site', 'site-test', 'island', '島の広場', true, true, ST_SetSRID(ST_MakePoint(139.771, 35.640), 6668));
                INSERT INTO ops.shelter_status (facility_id, open, opened_at, closed_at, updated_at, updated_by)
                  SELECT id, false, now() - interval '2 hours', now(), now(), 'test' FROM gis.facilities WHERE source_id = 'ops-closed';
                """);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private const string From = "from=139.7605,35.6400";

    private Task<long> SiteAsync(string sourceId) => factory.Database.ScalarAsync<long>(
        $"SELECT id FROM gis.facilities WHERE source = 'site-test' AND source_id = '{sourceId}'");

    private async Task<(HttpStatusCode Status, JsonDocument Body, string? MediaType)> GetAsync(string query)
    {
        var response = await factory.CreateClient().GetAsync($"/api/routes/evacuation?{query}", TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    private static JsonElement Route(JsonDocument doc) => doc.RootElement.GetProperty("features").EnumerateArray()
        .Single(f => f.GetProperty("properties").GetProperty("role").GetString() == "route").GetProperty("properties");

    [Fact]
    public async Task Evacuation_Site_RoutesToThatSiteNotTheNearest()
    {
        var east = await SiteAsync("east");
        var (nearestStatus, nearest, _) = await GetAsync($"{From}&hazard=flood");
        var (status, chosen, type) = await GetAsync($"{From}&hazard=flood&site={east}");

        Assert.Equal(HttpStatusCode.OK, nearestStatus);
        Assert.Equal("北の高台", Route(nearest).GetProperty("destination").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/geo+json", type);
        var route = Route(chosen);
        Assert.Equal(east, route.GetProperty("destination").GetProperty("id").GetInt64());
        Assert.True(route.GetProperty("destination").GetProperty("suits_hazard").GetBoolean());
        Assert.Equal(0, route.GetProperty("warnings").GetArrayLength());
        Assert.Equal(east, chosen.RootElement.GetProperty("request").GetProperty("site").GetInt64());
        // One destination, no alternatives to other sites: the line and the site's point.
        Assert.Equal(2, chosen.RootElement.GetProperty("features").GetArrayLength());
        var line = chosen.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        var end = line[line.GetArrayLength() - 1];
        Assert.Equal(139.764, end[0].GetDouble(), 6);
        Assert.Equal(35.640, end[1].GetDouble(), 6);
    }

    [Fact]
    public async Task Evacuation_Site_HazardWeightsStillApply()
    {
        // For flood the rank-3 area on the direct footway is forbidden: back 45 m to the corner and round the detour
        // (≈ 806 m). For earthquake (no liquefaction area here) the direct footway (≈ 317 m).
        var east = await SiteAsync("east");
        var (_, flood, _) = await GetAsync($"{From}&hazard=flood&site={east}");
        var (_, quake, _) = await GetAsync($"{From}&hazard=earthquake&site={east}");

        Assert.InRange(Route(flood).GetProperty("length_m").GetDouble(), 840, 860);
        Assert.Equal(0, Route(flood).GetProperty("hazard_areas").GetArrayLength());
        Assert.InRange(Route(quake).GetProperty("length_m").GetDouble(), 310, 325);
    }

    [Fact]
    public async Task Evacuation_SiteNotDesignatedForTheHazard_RoutedWithAWarning()
    {
        var east = await SiteAsync("east");

        var (status, doc, _) = await GetAsync($"{From}&hazard=tsunami&site={east}&mode=wheelchair");

        Assert.Equal(HttpStatusCode.OK, status);
        var route = Route(doc);
        Assert.False(route.GetProperty("destination").GetProperty("suits_hazard").GetBoolean());
        var warning = Assert.Single(route.GetProperty("warnings").EnumerateArray());
        Assert.Equal("site_not_suitable", warning.GetProperty("code").GetString());
        Assert.Contains("東の広場", warning.GetProperty("ja").GetString(), StringComparison.Ordinal);
        Assert.Contains("not designated", warning.GetProperty("en").GetString(), StringComparison.Ordinal);
        // Wheelchair speed (0.7 m/s) still applies to the chosen site.
        var length = route.GetProperty("length_m").GetDouble();
        Assert.Equal(Math.Round(length / 0.7), route.GetProperty("walking_time_s").GetDouble());
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("ops-closed")]
    public async Task Evacuation_ClosedSite_422SiteClosed(string sourceId)
    {
        var (status, doc, type) = await GetAsync($"{From}&hazard=flood&site={await SiteAsync(sourceId)}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("site_closed", doc.RootElement.GetProperty("reason").GetString());
        Assert.Contains("閉鎖中", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evacuation_SiteUnreachable_422IsolatedNamingTheSite()
    {
        var (status, doc, _) = await GetAsync($"{From}&hazard=flood&site={await SiteAsync("island")}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("isolated", doc.RootElement.GetProperty("reason").GetString());
        Assert.Contains("島の広場", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evacuation_UnknownSiteOrNotASite_404Problem()
    {
        var (missing, missingDoc, type) = await GetAsync($"{From}&hazard=flood&site=987654321");
        var (water, waterDoc, _) = await GetAsync($"{From}&hazard=flood&site={await SiteAsync("water")}");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("unknown_site", missingDoc.RootElement.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, water);
        Assert.Equal("unknown_site", waterDoc.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("site=abc")]
    [InlineData("site=0")]
    [InlineData("site=-3")]
    [InlineData("site=1.5")]
    [InlineData("site=99999999999999999999")]
    [InlineData("site=1&site=2")]
    public async Task Evacuation_BadSite_400ProblemNamingTheParameter(string site)
    {
        var (status, doc, type) = await GetAsync($"{From}&hazard=flood&{site}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("site must be the id", doc.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
