using System.Globalization;
using System.Text.Json.Nodes;
using Minato.Disaster.Isolation;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.Tests.PublicAlerts;
using Minato.Gis.Import;
using Minato.MapClient;

namespace Minato.Disaster.Tests.Isolation;

/// <summary>
/// The live <c>isolation</c> kind over the real hub, on the real 町丁目 (e-Stat) and the demo road network in PostGIS:
/// cutting a 町丁目's roads off makes it appear with its residents at HQ and its district HQ (never another district or
/// the public) and re-opening them clears it; closing the only centre a 町丁目 can reach makes it appear, re-opening the
/// centre clears it. Each wait ends on the entity's version having caught up with the database's inputs, so "cleared"
/// means a recompute after the change said so, not that nothing arrived yet.
/// </summary>
public sealed class IsolationLiveTests(LiveAlertsHost host) : IClassFixture<LiveAlertsHost>, IAsyncLifetime
{
    private const string Takanawa4 = "13103025004"; // 高輪四丁目: three roads cross its edge, the rest lie inside
    private const string Konan3 = "13103029003";    // 港南三丁目
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (await host.Database.ScalarAsync<long>("SELECT count(*) FROM gis.chome") > 0)
        {
            return;
        }

        var importer = new LayerImporter(host.Database.DataSource, TimeProvider.System);
        var data = Path.Combine(TestEnvironment.RepositoryRoot, "data");
        Assert.True((await importer.ImportAsync("chome", Path.Combine(data, "minato", "chome", "estat_r2ka13103_minato_chome.geojson"),
            cancellationToken: Ct)).Succeeded);
        Assert.True((await importer.ImportAsync("roads", Path.Combine(data, "demo", "roads.geojson"),
            new ImportOptions { Source = "demo" }, Ct)).Succeeded);
        // One site for every hazard on a road node in 芝公園, far from both 町丁目 under test.
        await host.Database.ExecuteAsync($"""
            INSERT INTO gis.facilities (kind, source, source_id, name, {Suits("true")}, geom)
            SELECT 'evacuation_site', 'isolation-test', 'park', '芝公園試験場', {Suits("true", values: true)},
                   (SELECT geom FROM gis.road_nodes ORDER BY geom <-> ST_SetSRID(ST_Point(139.748, 35.655), 6668) LIMIT 1)
            """);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RoadsAroundAChomeBlocked_AppearsWithResidentsAtHqAndItsDistrict_ClearsWhenReopened()
    {
        await using var hq = await host.SubscribeAsync(host.Token(MinatoClaims.Hq), "hq");
        await using var takanawa = await host.SubscribeAsync(host.Token(MinatoClaims.DistrictRole, district: "takanawa"),
            "district:takanawa");
        await using var azabu = await host.SubscribeAsync(host.Token(MinatoClaims.DistrictRole, district: "azabu"), "district:azabu");
        await using var pub = await host.SubscribeAsync(null, "public");
        var before = await CaughtUpAsync(hq, "hq", "fire:takanawa");
        Assert.DoesNotContain(Takanawa4, KeyCodes(before));

        await host.Database.ExecuteAsync(BlockEdgeSql(Takanawa4, true));
        var cut = await CaughtUpAsync(hq, "hq", "fire:takanawa");
        var district = await CaughtUpAsync(takanawa, "district:takanawa", "fire:takanawa");

        foreach (var entity in new[] { cut, district })
        {
            var chome = Chome(entity, Takanawa4);
            Assert.Equal(("高輪四丁目", 4416, 2403, "isolated"),
                ((string?)chome["name"], (int)chome["residents"]!, (int)chome["households"]!, (string?)chome["reason"]));
            Assert.Equal("fire", (string?)entity["hazard"]);
            Assert.True((int)entity["residents"]! >= 4416);
        }

        // Every hazard is recomputed, not only the one asked about.
        Assert.Contains(Takanawa4, KeyCodes(await CaughtUpAsync(hq, "hq", "flood:takanawa")));
        await pub.PingAsync(1, Ct);
        await azabu.PingAsync(1, Ct);
        Assert.Null(azabu.Model("district:azabu").Find(SituationKinds.Isolation, "fire:takanawa"));
        Assert.NotNull(azabu.Model("district:azabu").Find(SituationKinds.Isolation, "fire:azabu"));
        Assert.DoesNotContain(pub.Model("public").Entities.Keys, k => k.Kind == SituationKinds.Isolation);

        await host.Database.ExecuteAsync(BlockEdgeSql(Takanawa4, false));
        Assert.DoesNotContain(Takanawa4, KeyCodes(await CaughtUpAsync(hq, "hq", "fire:takanawa")));
        Assert.DoesNotContain(Takanawa4, KeyCodes(await CaughtUpAsync(takanawa, "district:takanawa", "fire:takanawa")));
    }

    [Fact]
    public async Task OnlyReachableCentreCloses_ChomeAppears_ReopeningClears()
    {
        await using var hq = await host.SubscribeAsync(host.Token(MinatoClaims.Hq), "hq");
        using var http = host.Http(host.Token(MinatoClaims.Hq));
        // A centre inside 港南三丁目, whose edge roads are then blocked: it is the only site the 町丁目 can reach.
        var centre = await host.Database.ScalarAsync<long>($"""
            INSERT INTO gis.facilities (kind, source, source_id, name, {Suits("true")}, geom)
            SELECT 'shelter', 'isolation-test', 'konan', '港南試験小学校', {Suits("true", values: true)}, n.geom
            FROM gis.road_nodes n, gis.chome c WHERE c.key_code = '{Konan3}' AND ST_Within(n.geom, c.geom)
            ORDER BY n.geom <-> ST_PointOnSurface(c.geom) LIMIT 1
            RETURNING id
            """);
        try
        {
            await host.Database.ExecuteAsync(BlockEdgeSql(Konan3, true));
            (await http.PostAsync($"api/shelters/{centre}/open", null, Ct)).EnsureSuccessStatusCode();
            Assert.DoesNotContain(Konan3, KeyCodes(await CaughtUpAsync(hq, "hq", "fire:shibaura-konan")));

            (await http.PostAsync($"api/shelters/{centre}/close", null, Ct)).EnsureSuccessStatusCode();
            var closed = await CaughtUpAsync(hq, "hq", "fire:shibaura-konan");
            Assert.Equal((6819, "isolated"), ((int)Chome(closed, Konan3)["residents"]!, (string?)Chome(closed, Konan3)["reason"]));

            (await http.PostAsync($"api/shelters/{centre}/open", null, Ct)).EnsureSuccessStatusCode();
            Assert.DoesNotContain(Konan3, KeyCodes(await CaughtUpAsync(hq, "hq", "fire:shibaura-konan")));
        }
        finally
        {
            await host.Database.ExecuteAsync(BlockEdgeSql(Konan3, false));
        }
    }

    /// <summary>Blocks (or re-opens) every road crossing the 町丁目's edge, as road-blocked reports would.</summary>
    private static string BlockEdgeSql(string keyCode, bool blocked) => $"""
        UPDATE gis.roads r SET blocked = {(blocked ? "true" : "false")} FROM gis.chome c
        WHERE c.key_code = '{keyCode}' AND ST_Intersects(r.geom, ST_Boundary(c.geom))
        """;

    private static string Suits(string value, bool values = false) => string.Join(", ",
        new[] { "fire", "flood", "inland_flood", "storm_surge", "tsunami", "landslide", "earthquake" }
            .Select(h => values ? value : "suits_" + h));

    /// <summary>The entity once it reflects every input change committed so far (its version reached the database's).</summary>
    private async Task<JsonObject> CaughtUpAsync(SituationClient client, string scope, string id)
    {
        var keys = IsolationPublisher.InputKeys.Select(k => $"'{k}'");
        var version = await host.Database.ScalarAsync<long>(
            $"SELECT coalesce(sum(version), 0)::bigint FROM gis.layer_versions WHERE layer IN ({string.Join(", ", keys)})");
        JsonObject? entity = null;
        await Wait.UntilAsync(() =>
        {
            entity = client.Model(scope).Find(SituationKinds.Isolation, id) is { } text ? JsonNode.Parse(text)!.AsObject() : null;
            return entity is not null && (long)entity["version"]! >= version;
        }, Timeout, () => $"isolation {id} at {scope} to reach version {version.ToString(CultureInfo.InvariantCulture)}");
        return entity!;
    }

    private static IEnumerable<string> KeyCodes(JsonObject entity) =>
        entity["chome"]!.AsArray().Select(c => (string)c!["key_code"]!);

    private static JsonObject Chome(JsonObject entity, string keyCode) =>
        entity["chome"]!.AsArray().Single(c => (string?)c!["key_code"] == keyCode)!.AsObject();
}
