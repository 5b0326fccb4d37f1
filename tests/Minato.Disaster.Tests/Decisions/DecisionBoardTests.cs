using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.Disaster.Security;
using Minato.Disaster.Tests.Exposure;

namespace Minato.Disaster.Tests.Decisions;

/// <summary>
/// The decision board follows a scripted gauge sequence on the real host: the 古川 gauge at 四ノ橋 reaches 氾濫危険水位
/// (its stage row in sensors.alert_states, what the sensors' alert engine writes) → level 4 with that reason for exactly
/// the 町丁目 overlapping the 古川 flood areas; HQ issues the board's draft; the gauge falls → the board says the level
/// may be lowered and lowers nothing. Rules are versioned and audited.
/// </summary>
public sealed class DecisionBoardTests(ExposureHost host) : IClassFixture<ExposureHost>
{
    private const string Gauge = "R-FURUKAWA-YONOHASHI";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> BoardAsync()
    {
        var response = await host.CreateClient(MinatoClaims.Hq).GetAsync("/api/decisions", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<JsonObject> Chome(JsonObject board) => board["chome"]!.AsArray().Select(c => c!.AsObject());

    private Task SetStageAsync(int stage, string name) => host.Database.ExecuteAsync($$"""
        INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, river, reach, river_stages_m, geom)
        VALUES ('{{Gauge}}', 'river', '古川 四ノ橋', 'Furukawa Yonohashi', 'azabu', '古川', '四ノ橋', '{1.5,2.0,2.5,3.0}',
                ST_SetSRID(ST_Point(139.7296, 35.6490), 6668))
        ON CONFLICT (id) DO NOTHING;
        INSERT INTO sensors.alert_states (station_id, measure, stage, stage_name, warning_level, value, since, updated_at)
        VALUES ('{{Gauge}}', 'stage', {{stage}}, '{{name}}', {{(stage >= 2 ? stage.ToString(CultureInfo.InvariantCulture) : "NULL")}}, 3.1,
                now(), now())
        ON CONFLICT (station_id, measure) DO UPDATE SET stage = EXCLUDED.stage, stage_name = EXCLUDED.stage_name,
            warning_level = EXCLUDED.warning_level, since = EXCLUDED.since, updated_at = EXCLUDED.updated_at;
        """);

    [Fact]
    public async Task GaugeSequence_RiseToLevel4ThenFall_MayLowerNeverLowered()
    {
        await host.Database.ExecuteAsync("DELETE FROM ops.decision_rule_sets");
        await SetStageAsync(0, "平常");
        Assert.DoesNotContain(Chome(await BoardAsync()), c => c["level"] is not null);

        await SetStageAsync(4, "氾濫危険水位");
        var board = await BoardAsync();

        var expected = await host.Database.ScalarAsync<string>("""
            SELECT string_agg(DISTINCT c.key_code, ',' ORDER BY c.key_code) FROM gis.chome c JOIN gis.hazard_areas h
              ON h.kind = 'flood' AND ST_Intersects(c.geom, h.geom) AND NOT ST_Touches(c.geom, h.geom)
            """);
        var atFour = Chome(board).Where(c => c["level"]?.GetValue<int>() == 4).ToList();
        Assert.Equal(expected, string.Join(',', atFour.Select(c => c["keyCode"]!.GetValue<string>()).Order(StringComparer.Ordinal)));
        Assert.All(atFour, c =>
        {
            Assert.Equal("evacuate", c["evacuation"]!.GetValue<string>());
            Assert.Contains("古川 四ノ橋 氾濫危険水位 到達", c["reasons"]![0]!["text"]!["ja"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.InRange(c["residentsInArea"]!.GetValue<int>(), 0, c["population"]!.GetValue<int>());
        });
        var district = board["districts"]!.AsArray().Select(d => d!.AsObject()).First(d => d["level"]?.GetValue<int>() == 4);
        Assert.Equal(atFour.Where(c => c["district"]!.GetValue<string>() == district["id"]!.GetValue<string>())
            .Sum(c => c["residentsInArea"]!.GetValue<long>()), district["residentsAffected"]!.GetValue<long>());

        // 「発令案を作成」: the district's draft is a resident-alert request HQ can issue as it is.
        var draft = district["draft"]!.AsObject();
        Assert.Equal(5, draft["headline"]!.AsObject().Count);
        var issued = await host.CreateClient(MinatoClaims.Hq).PostAsJsonAsync("/api/public-alerts", draft, Ct);
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
        var alertId = JsonNode.Parse(await issued.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<long>();

        await SetStageAsync(1, "水防団待機水位");
        var after = await BoardAsync();

        var covered = Chome(after).Where(c => c["alerts"]!.AsArray().Any(a => a!["id"]!.GetValue<long>() == alertId)).ToList();
        Assert.NotEmpty(covered);
        Assert.All(covered, c =>
        {
            Assert.Null(c["level"]);
            Assert.True(c["mayLower"]!.GetValue<bool>());
        });
        Assert.True(after["districts"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == district["id"]!.GetValue<string>())!
            ["mayLower"]!.GetValue<bool>());
        Assert.Equal("active", await host.Database.ScalarAsync<string>($"SELECT state FROM ops.public_alerts WHERE id = {alertId}"));
    }

    [Fact]
    public async Task PutRules_Hq_NewVersionInForceAndAudited_DistrictRefused()
    {
        await SetStageAsync(4, "氾濫危険水位");
        var hq = host.CreateClient(MinatoClaims.Hq);
        var current = JsonNode.Parse(await hq.GetStringAsync("/api/decisions/rules", Ct))!;
        var rules = current["rules"]!.AsArray();
        foreach (var rule in rules.Where(r => r!["trigger"]!.GetValue<string>() == "氾濫危険水位"))
        {
            rule!["level"] = 5;
        }

        var refused = await host.CreateClient(MinatoClaims.DistrictRole, "azabu").PutAsJsonAsync("/api/decisions/rules",
            new { rules = rules.DeepClone(), note = "test" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = await hq.PutAsJsonAsync("/api/decisions/rules", new { rules = new[] { new { source = "gauge", trigger = "x",
            hazard = "volcano", minRank = 1, level = 9, basis = "b" } } }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);

        var put = await hq.PutAsJsonAsync("/api/decisions/rules", new { rules = rules.DeepClone(), note = "氾濫危険水位を5に（試験）" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var version = JsonNode.Parse(await put.Content.ReadAsStringAsync(Ct))!["version"]!.GetValue<int>();

        Assert.True(version >= 1);
        Assert.Contains(Chome(await BoardAsync()), c => c["level"]?.GetValue<int>() == 5);
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'decisions.rules.update' AND entity_id = '{version}'"));
        Assert.Equal(current["rules"]!.AsArray().Count, JsonNode.Parse(await hq.GetStringAsync("/api/decisions/rules?version=0", Ct))!
            ["rules"]!.AsArray().Count);
        await host.Database.ExecuteAsync("DELETE FROM ops.decision_rule_sets");
    }
}
