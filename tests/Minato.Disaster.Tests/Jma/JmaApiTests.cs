using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Jma;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Jma;

/// <summary>
/// The JMA API through the real host and PostgreSQL: a relay posts JMA's samples; what is in force for Minato follows the
/// latest message per product (and ?at= reads the past); each message is kept once; a broken one is kept as rejected;
/// 訓練 and 試験 are never shown as real; the live kind <c>jma</c> reaches the public scope.
/// </summary>
public sealed class JmaApiTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonNode> GetAsync(string path, HttpClient? client = null) =>
        JsonNode.Parse(await (client ?? host.CreateClient()).GetStringAsync(path, Ct))!;

    [Fact]
    public async Task Warnings_2016ThenNoWarnings2017_InForceThenEndedAndPastStillReadable()
    {
        var relay = host.CreateClient(MinatoClaims.Relay, subject: "tokyo-relay");
        foreach (var sample in new[] { "15_12_02_161130_VPWW54.xml", "15_12_02_161130_VPWW53.xml" })
        {
            Assert.Equal(HttpStatusCode.Created, (await JmaRequests.PostAsync(relay, JmaSamples.Bytes(sample))).StatusCode);
        }

        var during = await GetAsync("/api/jma/warnings?at=2016-02-12T15:00:00%2B09:00");
        Assert.Equal("気象庁発表 / Issued by JMA", during["label"]!.GetValue<string>());
        var kinds = during["warnings"]!.AsArray().Select(w => w!["kindName"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "大雨警報", "洪水警報", "雷注意報" }.Order(StringComparer.Ordinal), kinds);
        var rain = during["warnings"]!.AsArray().First(w => w!["kindName"]!.GetValue<string>() == "大雨警報")!;
        Assert.Equal(("03", 3, "1310300", "気象警報・注意報"), (rain["kindCode"]!.GetValue<string>(), rain["level"]!.GetValue<int>(),
            rain["areaCode"]!.GetValue<string>(), rain["product"]!.GetValue<string>()));
        Assert.Equal(DateTimeOffset.Parse("2016-02-12T05:22:00Z", System.Globalization.CultureInfo.InvariantCulture),
            rain["reportTime"]!.GetValue<DateTimeOffset>());
        Assert.False(rain["drill"]!.GetValue<bool>());
        Assert.Empty((await GetAsync("/api/jma/warnings?at=2016-02-12T14:00:00%2B09:00"))["warnings"]!.AsArray());

        var ended = await JmaRequests.PostAsync(relay, JmaSamples.Bytes("15_14_01_170216_VPWW54.xml"));
        Assert.Equal(HttpStatusCode.Created, ended.StatusCode);

        Assert.DoesNotContain((await GetAsync("/api/jma/warnings?at=2018-01-01T00:00:00Z"))["warnings"]!.AsArray(),
            w => w!["product"]!.GetValue<string>() == JmaProducts.Warnings);
        var past = (await GetAsync("/api/jma/warnings?at=2016-02-12T15:00:00%2B09:00"))["warnings"]!.AsArray();
        Assert.Equal(3, past.Count(w => w!["product"]!.GetValue<string>() == JmaProducts.Warnings));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.audit_log WHERE action = 'jma.receive' AND actor = 'tokyo-relay' AND role = 'relay' " +
            "AND details->>'title' = '気象警報・注意報（Ｈ２７）' AND details->>'status' = 'stored' AND entity_id IN " +
            "(SELECT id::text FROM jma.messages WHERE report_time = '2017-01-26T08:20:00Z' AND title = '気象警報・注意報（Ｈ２７）')", Ct));
    }

    [Fact]
    public async Task Warnings_ContinuedKind_IssuedAtIsWhenJmaFirstIssuedIt()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        // A tornado advisory (竜巻注意情報) for 港区, issued at 07:38 and "continued" in a later copy at 08:00.
        await JmaRequests.PostAsync(hq, JmaRequests.Variant("19_01_01_091210_VPHW50.xml", "2009-08-10T07:38:00+09:00"));
        var later = System.Text.Encoding.UTF8.GetString(JmaRequests.Variant("19_01_01_091210_VPHW50.xml", "2009-08-10T08:00:00+09:00"))
            .Replace("<Status>発表</Status>", "<Status>継続</Status>", StringComparison.Ordinal);
        await JmaRequests.PostAsync(hq, System.Text.Encoding.UTF8.GetBytes(later));

        var w = (await GetAsync("/api/jma/warnings?at=2009-08-10T08:10:00%2B09:00"))["warnings"]!.AsArray()
            .Single(x => x!["product"]!.GetValue<string>() == JmaProducts.Tornado)!;
        Assert.Equal("continued", w["status"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2009-08-10T07:38:00+09:00", System.Globalization.CultureInfo.InvariantCulture),
            w["issuedAt"]!.GetValue<DateTimeOffset>());
        // Past its ValidDateTime (08:40) the advisory is no longer in force.
        Assert.DoesNotContain((await GetAsync("/api/jma/warnings?at=2009-08-10T08:41:00%2B09:00"))["warnings"]!.AsArray(),
            x => x!["product"]!.GetValue<string>() == JmaProducts.Tornado);
    }

    [Fact]
    public async Task Post_SameMessageTwice_StoredOnceThenDuplicate()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var xml = JmaRequests.Variant("18_03_01_190412_VPOA50.xml", "2019-03-28T20:00:00+09:00");

        var first = await JmaRequests.PostAsync(hq, xml);
        var second = await JmaRequests.PostAsync(hq, xml);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = JsonNode.Parse(await first.Content.ReadAsStringAsync(Ct))!;
        var b = JsonNode.Parse(await second.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("duplicate", b["outcome"]!.GetValue<string>());
        Assert.Equal(a["id"]!.GetValue<long>(), b["id"]!.GetValue<long>());
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM jma.messages WHERE report_time = '2019-03-28T11:00:00Z' AND product = '{JmaProducts.RecordRain}'", Ct));
    }

    [Fact]
    public async Task Post_Malformed_KeptAsRejectedWithReason_RawXmlForHqOnly()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var response = await JmaRequests.PostAsync(hq, "<Report><Control><Title>壊れた電文"u8.ToArray());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("malformed XML", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var listed = (await GetAsync("/api/jma/messages")).AsArray().First(m => m!["status"]!.GetValue<string>() == "rejected")!;
        Assert.StartsWith("malformed XML", listed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(listed["xml"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient().GetAsync("/api/jma/messages?xml=true", Ct)).StatusCode);
        var forHq = (await GetAsync("/api/jma/messages?xml=true", hq)).AsArray().First(m => m!["id"]!.GetValue<long>() ==
            listed["id"]!.GetValue<long>())!;
        Assert.Equal("<Report><Control><Title>壊れた電文", forHq["xml"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_WithoutTokenOrAsFieldStaff_Refused()
    {
        var xml = JmaSamples.Bytes("32-39_11_02_250206_VTSE41.xml");
        Assert.Equal(HttpStatusCode.Unauthorized, (await JmaRequests.PostAsync(host.CreateClient(), xml)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await JmaRequests.PostAsync(host.CreateClient(MinatoClaims.Field), xml)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.CreateClient().GetAsync("/api/jma/warnings?at=yesterday", Ct)).StatusCode);
    }

    [Fact]
    public async Task EarthquakeAndTsunami_Samples_MinatoIntensityAndTokyoBayInner()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        await JmaRequests.PostAsync(hq, JmaSamples.Bytes("32-35_06_03_240613_VXSE53.xml"));
        await JmaRequests.PostAsync(hq, JmaSamples.Bytes("32-39_11_03_250206_VTSE51.xml"));

        var quake = (await GetAsync("/api/jma/earthquakes"))["latest"]!;
        Assert.Equal(("2", "3", "東京都２３区"), (quake["minatoIntensity"]!.GetValue<string>(), quake["areaIntensity"]!.GetValue<string>(),
            quake["area"]!.GetValue<string>()));
        var tsunami = (await GetAsync("/api/jma/tsunami?at=2011-03-11T15:00:00%2B09:00"))["tsunami"]!;
        Assert.Equal(("東京湾内湾", false, "津波予報（若干の海面変動）"), (tsunami["area"]!.GetValue<string>(),
            tsunami["inForce"]!.GetValue<bool>(), tsunami["kindName"]!.GetValue<string>()));
        Assert.Null((await GetAsync("/api/jma/tsunami?at=2011-03-11T14:00:00%2B09:00"))["tsunami"]!["kindName"]);
    }

    [Fact]
    public async Task DrillAndTest_NeverShownAsReal_DrillShownMarkedWhenConfigured()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        await JmaRequests.PostAsync(hq, JmaRequests.Variant("15_12_02_161130_VPWW54.xml", "2030-01-01T10:00:00+09:00", "訓練"));
        await JmaRequests.PostAsync(hq, JmaRequests.Variant("15_12_02_161130_VPWW54.xml", "2030-01-01T10:05:00+09:00", "試験"));

        var shown = (await GetAsync("/api/jma/warnings?at=2030-01-01T11:00:00%2B09:00"))["warnings"]!.AsArray();
        Assert.DoesNotContain(shown, w => w!["reportTime"]!.GetValue<DateTimeOffset>().Year == 2030);

        var withDrills = new JmaStore(host.Database.DataSource, TimeProvider.System, NoSituationBus.Instance,
            new JmaOptions { ShowDrills = true });
        var drills = (await withDrills.InForceAsync(DateTimeOffset.Parse("2030-01-01T11:00:00+09:00",
            System.Globalization.CultureInfo.InvariantCulture), Ct)).Where(w => w.ReportTime.Year == 2030).ToList();
        Assert.Equal(3, drills.Count);
        Assert.All(drills, w => Assert.True(w.Drill));
        Assert.All(drills, w => Assert.Equal(new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.Zero), w.ReportTime)); // 試験 never
    }

    [Fact]
    public async Task Live_MessageStored_PublicScopeGetsJmaLabelledByJma()
    {
        var state = host.Services.GetRequiredService<SituationState>();
        var feed = new RecordingFeedSafe();
        state.Attach(SituationScope.Public, feed);

        await JmaRequests.PostAsync(host.CreateClient(MinatoClaims.Hq),
            JmaRequests.Variant("15_12_02_161130_VPWW54.xml", "2026-01-01T09:00:00+09:00"));

        await Wait.UntilAsync(
            () => feed.Find(SituationKinds.Jma, JmaChanges.Id)?.Contains("2026-01-01T00:00:00", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10), "the jma entity in the public scope");
        var data = JsonNode.Parse(feed.Find(SituationKinds.Jma, JmaChanges.Id)!)!;
        Assert.Equal("気象庁発表 / Issued by JMA", data["label"]!.GetValue<string>());
        Assert.Contains(data["warnings"]!.AsArray(), w => w!["kindName"]!.GetValue<string>() == "洪水警報");
    }

    /// <summary>Keeps the latest data per entity of one scope (thread-safe).</summary>
    private sealed class RecordingFeedSafe : ISituationFeed
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<(string, string), string> _model = [];

        public string? Find(string kind, string id)
        {
            lock (_lock)
            {
                return _model.GetValueOrDefault((kind, id));
            }
        }

        public void Restart(SituationSnapshot snapshot)
        {
            lock (_lock)
            {
                _model.Clear();
                foreach (var e in snapshot.Entities)
                {
                    _model[(e.Kind, e.Id)] = e.Data!;
                }
            }
        }

        public void CatchUp(string scope, IReadOnlyList<SituationDelta> deltas)
        {
            foreach (var d in deltas)
            {
                Deliver(d);
            }
        }

        public void Deliver(SituationDelta delta)
        {
            lock (_lock)
            {
                foreach (var c in delta.Changes)
                {
                    if (c.Data is null)
                    {
                        _model.Remove((c.Kind, c.Id));
                    }
                    else
                    {
                        _model[(c.Kind, c.Id)] = c.Data;
                    }
                }
            }
        }
    }
}
