using System.Text.Json;

namespace Minato.Gis.Http.Tests.Ogc;

/// <summary>
/// After the demo load, the public API serves Minato's real 83 指定避難所 and 61 指定緊急避難場所 (no invented one), with
/// the shared flags, the accessibility fields and the credits of their sources.
/// </summary>
public sealed class RealDataApiTests(DemoLoadedHost host) : IClassFixture<DemoLoadedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("shelters", 83)]
    [InlineData("evacuation-sites", 61)]
    [InlineData("water-points", 3)]
    public async Task Items_AfterDemoLoad_TheRealFacilitiesOnly(string collection, int expected)
    {
        using var doc = await GetJsonAsync($"/ogc/collections/{collection}/items?limit=1000");

        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToArray();
        Assert.Equal(expected, doc.RootElement.GetProperty("numberMatched").GetInt32());
        Assert.Equal(expected, features.Length);
        Assert.All(features, f => Assert.NotEqual("demo", f.GetProperty("properties").GetProperty("source").GetString()));
        if (collection != "water-points")
        {
            Assert.All(features, f => Assert.StartsWith("E13103", f.GetProperty("properties").GetProperty("common_id").GetString(),
                StringComparison.Ordinal));
            Assert.All(features, f => Assert.True(f.GetProperty("properties").TryGetProperty("elevator_or_ground_floor", out _)));
        }
    }

    [Fact]
    public async Task Shelters_AlsoAnEmergencySite_ServedWithItsFlagsAndAccessibility()
    {
        using var doc = await GetJsonAsync("/ogc/collections/shelters/items?name=" + Uri.EscapeDataString("南山小学校"));

        var p = Assert.Single(doc.RootElement.GetProperty("features").EnumerateArray().ToArray()).GetProperty("properties");
        Assert.Equal("E1310300001", p.GetProperty("common_id").GetString());
        Assert.Equal((true, true, true, true, false), (p.GetProperty("suits_flood").GetBoolean(), p.GetProperty("suits_landslide")
            .GetBoolean(), p.GetProperty("suits_storm_surge").GetBoolean(), p.GetProperty("suits_earthquake").GetBoolean(),
            p.GetProperty("suits_tsunami").GetBoolean()));
        Assert.Equal((false, true),
            (p.GetProperty("elevator_or_ground_floor").GetBoolean(), p.GetProperty("accessible_toilet").GetBoolean()));

        // The queryable works as a filter: every shelter with an accessible toilet per 東京都防災マップ.
        using var accessible = await GetJsonAsync("/ogc/collections/shelters/items?limit=1000&accessible_toilet=true");
        var count = accessible.RootElement.GetProperty("numberMatched").GetInt32();
        Assert.Equal(49, count); // of the 57 shelters a 防災マップ record matched
        using var welfare = await GetJsonAsync("/ogc/collections/shelters/items?limit=1000&welfare_shelter=true");
        Assert.Equal(24, welfare.RootElement.GetProperty("numberMatched").GetInt32());
    }

    [Theory]
    [InlineData("shelters", "国土地理院")]
    [InlineData("evacuation-sites", "東京都防災マップ")]
    [InlineData("boundary", "国土数値情報")]
    [InlineData("water-points", "東京都水道局")]
    [InlineData("hazard-areas", "DEMO / 架空")]
    [InlineData("roads", "DEMO / 架空")]
    public async Task Credits_CollectionAndTileJson_NameTheSource(string collection, string credit)
    {
        using var meta = await GetJsonAsync($"/ogc/collections/{collection}", "application/json");
        Assert.Contains(credit, meta.RootElement.GetProperty("attribution").GetString(), StringComparison.Ordinal);
        Assert.Contains(meta.RootElement.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "license"
            && l.GetProperty("href").GetString()!.StartsWith("http", StringComparison.Ordinal));

        using var tileJson = await GetJsonAsync($"/tiles/{collection}.json", null);
        Assert.Contains(credit, tileJson.RootElement.GetProperty("attribution").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TileJson_SeveralLayers_EveryLayersCreditOnce()
    {
        using var doc = await GetJsonAsync("/tiles/boundary,roads,shelters,evacuation-sites.json", null);

        var attribution = doc.RootElement.GetProperty("attribution").GetString()!;
        foreach (var credit in new[] { "国土数値情報", "国土地理院", "DEMO / 架空" })
        {
            Assert.Equal(1, attribution.Split(credit).Length - 1);
        }
    }

    private async Task<JsonDocument> GetJsonAsync(string path, string? mediaType = "application/geo+json")
    {
        var response = await host.CreateClient().GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        if (mediaType is not null)
        {
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(body);
    }
}
