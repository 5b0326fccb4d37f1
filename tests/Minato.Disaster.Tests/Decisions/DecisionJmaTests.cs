using System.Net;
using System.Text.Json.Nodes;
using Minato.Disaster.Security;
using Minato.Disaster.Tests.Exposure;
using Minato.Disaster.Tests.Jma;

namespace Minato.Disaster.Tests.Decisions;

/// <summary>
/// JMA feeds the decision board and the staff call-up on the real host: the 2016 大雨警報 for 港区 (the real sample, posted
/// by a relay) becomes a JMA input 「大雨警報（土砂災害）」 → level 3 (高齢者等避難) for exactly the 町丁目 overlapping the
/// landslide areas, with a reason naming 気象庁, and proposes the 大雨警報 call-up rule's call-up (waiting for HQ); JMA's
/// 2017 message lifting it removes the input and the recommendation.
/// </summary>
public sealed class DecisionJmaTests(ExposureHost host) : IClassFixture<ExposureHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> BoardAsync()
    {
        var response = await host.CreateClient(MinatoClaims.Hq).GetAsync("/api/decisions", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<JsonObject> JmaInputs(JsonObject board) =>
        board["inputs"]!.AsArray().Select(i => i!.AsObject()).Where(i => i["source"]!.GetValue<string>() == "jma");

    private static HashSet<string> Triggers(JsonObject chome) =>
        [.. chome["reasons"]!.AsArray().Select(r => r!["trigger"]!.GetValue<string>())];

    [Fact]
    public async Task HeavyRainWarning_RecommendsLevel3InLandslideAreasAndProposesCallUp_LiftedByJma()
    {
        Assert.Empty(JmaInputs(await BoardAsync()));
        var relay = host.CreateClient(MinatoClaims.Relay, subject: "tokyo-relay");
        foreach (var sample in new[] { "15_12_02_161130_VPWW54.xml", "15_12_02_161130_VPWW53.xml" })
        {
            Assert.Equal(HttpStatusCode.Created, (await JmaRequests.PostAsync(relay, JmaSamples.Bytes(sample))).StatusCode);
        }

        var board = await BoardAsync();
        var input = Assert.Single(JmaInputs(board), i => i["trigger"]!.GetValue<string>() == "大雨警報（土砂災害）");
        Assert.Contains("気象庁", input["reason"]!["ja"]!.GetValue<string>(), StringComparison.Ordinal);

        var expected = await host.Database.ScalarAsync<string>("""
            SELECT string_agg(DISTINCT c.key_code, ',' ORDER BY c.key_code) FROM gis.chome c JOIN gis.hazard_areas h
              ON h.kind = 'landslide' AND ST_Intersects(c.geom, h.geom) AND NOT ST_Touches(c.geom, h.geom)
            """);
        Assert.False(string.IsNullOrEmpty(expected));
        var raised = board["chome"]!.AsArray().Select(c => c!.AsObject())
            .Where(c => c["level"] is not null && Triggers(c).Contains("大雨警報（土砂災害）"))
            .Select(c => c["keyCode"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(',', raised));

        // The seeded rule 大雨警報 (kind code 03) → 第1非常配備 of group A waits for HQ: a proposal, not a call-up under way.
        await Wait.UntilAsync(async () => await host.Database.ScalarAsync<long>(
                "SELECT count(*) FROM ops.callups WHERE state = 'proposed' AND level = 'first' AND trigger::text LIKE '%03%'") == 1,
            TimeSpan.FromSeconds(30), "a proposed call-up for the 大雨警報");

        foreach (var sample in new[] { "15_14_01_170216_VPWW54.xml", "15_14_01_170216_VPWW53.xml" })
        {
            Assert.Equal(HttpStatusCode.Created, (await JmaRequests.PostAsync(relay, JmaSamples.Bytes(sample))).StatusCode);
        }

        var after = await BoardAsync();
        Assert.DoesNotContain(JmaInputs(after), i => i["trigger"]!.GetValue<string>() == "大雨警報（土砂災害）");
        Assert.DoesNotContain(after["chome"]!.AsArray(), c => Triggers(c!.AsObject()).Contains("大雨警報（土砂災害）"));
        Assert.Equal(1, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.callups", Ct));
    }
}
