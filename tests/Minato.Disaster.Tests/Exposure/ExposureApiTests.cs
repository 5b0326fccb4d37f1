using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Minato.Disaster.Security;

namespace Minato.Disaster.Tests.Exposure;

/// <summary>
/// <c>GET /api/exposure</c> through the real host: the 町丁目 and residents it reports equal an independent computation
/// in SQL (geography areas, not the service's EPSG:6677), the per-district totals add up, bad input is a specific 4xx.
/// </summary>
public sealed class ExposureApiTests(ExposureHost host) : IClassFixture<ExposureHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> GetAsync(string query, string role = MinatoClaims.Hq, string? district = null)
    {
        var response = await host.CreateClient(role, district).GetAsync("/api/exposure?" + query, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Theory]
    [InlineData("flood")]
    [InlineData("storm_surge")]
    [InlineData("landslide")]
    public async Task Hazard_EqualsAnIndependentSqlComputation(string kind)
    {
        var report = await GetAsync("hazard=" + kind);

        // Independent: shares from geodesic areas on the ellipsoid, each 町丁目 intersected with each hazard area and the
        // pieces unioned (areas of one kind may overlap: landslide 特別警戒区域 lie inside 警戒区域), instead of the
        // service's one union of the hazard areas intersected in EPSG:6677.
        var expected = await host.Database.ScalarAsync<string>($"""
            WITH s AS (
                SELECT c.key_code, c.population,
                       ST_Area(ST_Union(ST_Intersection(c.geom, h.geom))::geography) / ST_Area(c.geom::geography) AS share
                FROM gis.chome c JOIN gis.hazard_areas h ON h.kind = '{kind}' AND ST_Intersects(c.geom, h.geom)
                GROUP BY c.key_code, c.population, c.geom)
            SELECT string_agg(key_code || ':' || round(population * least(share, 1))::text, ',' ORDER BY key_code)
            FROM s WHERE share > 1e-4
            """);
        var ours = report["chome"]!.AsArray().Select(c => c!.AsObject())
            .Where(c => c["share"]!.GetValue<double>() > 1e-4).ToDictionary(c => c["keyCode"]!.GetValue<string>(),
                c => c["population"]!.GetValue<int>());
        var theirs = expected.Split(',').Select(p => p.Split(':'))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));

        Assert.NotEmpty(theirs);
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        // The two area methods differ by well under 0.5%; rounding adds at most one person.
        Assert.All(theirs, t => Assert.InRange(ours[t.Key], (t.Value * 0.995) - 1, (t.Value * 1.005) + 1));
        var total = report["total"]!["population"]!.GetValue<long>();
        Assert.Equal(report["chome"]!.AsArray().Sum(c => c!["population"]!.GetValue<long>()), total);
        Assert.Equal(total, report["districts"]!.AsArray().Sum(d => d!["population"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Chome_WholeChome_CensusCountsExactlyAndDistrictsNamed()
    {
        var report = await GetAsync("chome=13103001001,13103025001");

        Assert.Equal(2024 + 6740, report["total"]!["population"]!.GetValue<long>());
        Assert.Equal(await host.Database.ScalarAsync<long>(
            "SELECT sum(households) FROM gis.chome WHERE key_code IN ('13103001001', '13103025001')"),
            report["total"]!["households"]!.GetValue<long>());
        Assert.Equal(["shiba", "takanawa"], report["districts"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.All(report["chome"]!.AsArray(), c => Assert.Equal(1.0, c!["share"]!.GetValue<double>(), 9));
    }

    [Fact]
    public async Task Polygon_HalfOfAChome_AboutHalfItsResidents()
    {
        // The western half (by longitude) of 芝一丁目's bounding box, from the database.
        var box = await host.Database.ScalarAsync<string>("""
            SELECT concat_ws(',', ST_XMin(b), ST_YMin(b), (ST_XMin(b) + ST_XMax(b)) / 2, ST_YMin(b),
                             (ST_XMin(b) + ST_XMax(b)) / 2, ST_YMax(b), ST_XMin(b), ST_YMax(b))
            FROM (SELECT ST_Envelope(geom) AS b FROM gis.chome WHERE key_code = '13103001001') e
            """);
        var expected = await host.Database.ScalarAsync<double>($"""
            SELECT ST_Area(ST_Intersection(c.geom, ST_MakeEnvelope({box.Split(',')[0]}, {box.Split(',')[1]}, {box.Split(',')[2]},
                {box.Split(',')[5]}, 6668))::geography) / ST_Area(c.geom::geography)
            FROM gis.chome c WHERE key_code = '13103001001'
            """);

        var report = await GetAsync("polygon=" + box);

        var shiba1 = report["chome"]!.AsArray().Single(c => c!["keyCode"]!.GetValue<string>() == "13103001001")!;
        Assert.InRange(expected, 0.05, 0.95);
        Assert.Equal(expected, shiba1["share"]!.GetValue<double>(), 2);
        Assert.Equal(Math.Round(2024 * shiba1["share"]!.GetValue<double>()), shiba1["population"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChomeLayer_OgcCollectionAndTileJson_ServeEvery町丁目WithResidents()
    {
        var anon = host.CreateClient();
        var items = JsonNode.Parse(await anon.GetStringAsync("/ogc/collections/chome/items?limit=500", Ct))!;
        var features = items["features"]!.AsArray();

        Assert.Equal(118, features.Count);
        Assert.Equal(260_486, features.Sum(f => f!["properties"]!["population"]!.GetValue<long>()));
        var shiba1 = JsonNode.Parse(await anon.GetStringAsync("/ogc/collections/chome/items/13103001001", Ct))!;
        Assert.Equal("芝一丁目", shiba1["properties"]!["name"]!.GetValue<string>());
        Assert.Equal("shiba", shiba1["properties"]!["district"]!.GetValue<string>());
        var tileJson = JsonNode.Parse(await anon.GetStringAsync("/tiles/chome.json", Ct))!;
        Assert.Contains(tileJson["vector_layers"]!.AsArray(), l => l!["id"]!.GetValue<string>() == "chome");
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("hazard=flood&chome=13103001001", HttpStatusCode.BadRequest)]
    [InlineData("hazard=volcano", HttpStatusCode.BadRequest)]
    [InlineData("chome=13103999999", HttpStatusCode.BadRequest)]
    [InlineData("polygon=139.74,35.65,139.75", HttpStatusCode.BadRequest)]
    [InlineData("polygon=139.74,35.65,139.75,35.66,139.75,35.65,139.74,35.66", HttpStatusCode.BadRequest)]
    [InlineData("alert=abc", HttpStatusCode.BadRequest)]
    [InlineData("alert=987654", HttpStatusCode.NotFound)]
    public async Task BadInput_SpecificProblem(string query, HttpStatusCode status)
    {
        var response = await host.CreateClient(MinatoClaims.Hq).GetAsync("/api/exposure?" + query, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Roles_FieldStaffAndAnonymousRefused_DistrictAllowed()
    {
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.CreateClient(MinatoClaims.Field).GetAsync("/api/exposure?hazard=flood", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/exposure?hazard=flood", Ct)).StatusCode);
        Assert.NotNull(await GetAsync("hazard=tsunami", MinatoClaims.DistrictRole, "shibaura-konan"));
    }
}
