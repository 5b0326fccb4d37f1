using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Minato.Disaster.Security;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// Resident alerts by 町丁目 (<c>area.chome</c>): the area is the union of the named 町丁目, the CAP areaDesc names them,
/// subscribers are chosen by that area as for any other, and bad KEY_CODEs are refused with the field.
/// </summary>
public sealed class PublicAlertChomeTests(ChomeAlertsHost host) : IClassFixture<ChomeAlertsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject ChomeBody(params string[] keys)
    {
        var body = AlertBodies.Districts();
        body["area"] = new JsonObject { ["chome"] = new JsonArray(keys.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()) };
        return body;
    }

    private async Task<string> PointIn(string keyCode) => await host.Database.ScalarAsync<string>(
        $"SELECT ST_X(p) || ',' || ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) AS p FROM gis.chome WHERE key_code = '{keyCode}') q");

    [Fact]
    public async Task Issue_TwoChome_AreaIsTheirUnionAndCapNamesThem()
    {
        await host.LoadChomeAsync();
        var hq = host.CreateClient(MinatoClaims.Hq);

        var alert = await AlertBodies.IssueAsync(hq, ChomeBody("13103001002", "13103001001"));

        var id = AlertBodies.Id(alert);
        Assert.Equal(["13103001001", "13103001002"], alert["area"]!["chome"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["shiba"], alert["districts"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("chome", await host.Database.ScalarAsync<string>($"SELECT area_kind FROM ops.public_alerts WHERE id = {id}"));
        Assert.True(await host.Database.ScalarAsync<bool>($"""
            SELECT ST_Equals(a.geom, (SELECT ST_Union(geom) FROM gis.chome WHERE key_code IN ('13103001001', '13103001002')))
               AND a.chome = ARRAY['13103001001', '13103001002']
            FROM ops.public_alerts a WHERE a.id = {id}
            """));

        var xml = await host.CreateClient().GetStringAsync($"/alerts/cap/{id}.xml", Ct);
        CapSchema.AssertValid(xml);
        var infos = XDocument.Parse(xml).Root!.Elements(CapSchema.Ns + "info").ToList();
        var ja = infos.Single(i => i.Element(CapSchema.Ns + "language")!.Value == "ja-JP");
        var areaDesc = ja.Element(CapSchema.Ns + "area")!.Element(CapSchema.Ns + "areaDesc")!.Value;
        Assert.Equal("港区 芝一丁目・芝二丁目", areaDesc);
        Assert.NotEmpty(ja.Element(CapSchema.Ns + "area")!.Elements(CapSchema.Ns + "polygon"));
    }

    [Fact]
    public async Task Issue_Chome_SubscriberInsideChosenOutsideNot()
    {
        await host.LoadChomeAsync();
        var hq = host.CreateClient(MinatoClaims.Hq);
        foreach (var (email, key) in new[] { ("in-shiba3@example.jp", "13103001003"), ("in-takanawa1@example.jp", "13103025001") })
        {
            var at = (await PointIn(key)).Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
            var response = await hq.PostAsJsonAsync("/api/subscribers", new
            {
                email, language = "ja", area = new { point = new { type = "Point", coordinates = at } },
            }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        }

        var alert = await AlertBodies.IssueAsync(hq, ChomeBody("13103001003"));

        Assert.Equal("in-shiba3@example.jp", await host.Database.ScalarAsync<string>($"""
            SELECT string_agg(s.email, ',') FROM ops.alert_deliveries d JOIN ops.public_alert_messages m ON m.id = d.message_id
              JOIN ops.subscribers s ON s.id = d.subscriber_id
            WHERE m.alert_id = {AlertBodies.Id(alert)}
            """));
    }

    [Theory]
    [InlineData("13103999999", "unknown 町丁目")]
    [InlineData("abc", "KEY_CODE")]
    [InlineData("13104001001", "KEY_CODE")]
    public async Task Issue_BadKeyCode_422OnAreaChome(string key, string reason)
    {
        await host.LoadChomeAsync();

        var response = await host.CreateClient(MinatoClaims.Hq).PostAsJsonAsync("/api/public-alerts", ChomeBody(key), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains(reason, problem["errors"]!["area.chome"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_ChomeAndDistricts_422ExactlyOneArea()
    {
        var body = ChomeBody("13103001001");
        body["area"]!["districts"] = new JsonArray("shiba");

        var response = await host.CreateClient(MinatoClaims.Hq).PostAsJsonAsync("/api/public-alerts", body, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("exactly one", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
