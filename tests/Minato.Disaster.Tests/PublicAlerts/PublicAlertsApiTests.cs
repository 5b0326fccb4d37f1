using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Minato.Disaster.Security;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// Issue → Update → Cancel through the real host and PostGIS: every CAP document served validates against CAP 1.2,
/// references chain, the Atom index parses, areas are checked against the ward, refusals are specific, writes audited.
/// </summary>
public sealed class PublicAlertsApiTests(AlertsHost host) : IClassFixture<AlertsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Issue_DistrictAlert_201WithValidCapInFiveLanguages()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());

        Assert.Equal("Alert", alert["msgType"]!.GetValue<string>());
        Assert.Equal(["shiba"], alert["districts"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Contains(alert["geometry"]!["type"]!.GetValue<string>(), new[] { "Polygon", "MultiPolygon" });
        var xml = await host.CreateClient().GetStringAsync($"/alerts/cap/{AlertBodies.Id(alert)}.xml", Ct);
        CapSchema.AssertValid(xml);
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal(alert["identifier"]!.GetValue<string>(), root.Element(CapSchema.Ns + "identifier")!.Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$", root.Element(CapSchema.Ns + "sent")!.Value);
        Assert.Equal(5, root.Elements(CapSchema.Ns + "info").Count());
        var polygon = root.Element(CapSchema.Ns + "info")!.Element(CapSchema.Ns + "area")!.Element(CapSchema.Ns
            + "polygon")!.Value.Split(' ');
        Assert.InRange(polygon.Length, 4, 100);
        Assert.Equal(polygon[0], polygon[^1]);
        // lat first
        Assert.All(polygon, pair =>
            Assert.InRange(double.Parse(pair.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 35.6, 35.7));
        Assert.Equal(1, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE action = 'alert.publish' AND " +
            $"entity_id = '{AlertBodies.Id(alert)}'"));
    }

    [Fact]
    public async Task UpdateThenCancel_MessagesReferenceEarlierOnesAndAllValidate()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts(3, "elderly-evacuate"));
        var id = AlertBodies.Id(alert);

        var update = await hq.PutAsJsonAsync($"/api/public-alerts/{id}", AlertBodies.Districts(4, "evacuate", "Actual", "shiba", "azabu"),
            Ct);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var cancel = await hq.PostAsJsonAsync($"/api/public-alerts/{id}/cancel",
            new { note = "河川水位が下がったため / river level fell" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var anon = host.CreateClient();
        var docs = new List<XElement>();
        for (var v = 1; v <= 3; v++)
        {
            var xml = await anon.GetStringAsync($"/alerts/cap/{id}/{v}.xml", Ct);
            CapSchema.AssertValid(xml);
            docs.Add(XDocument.Parse(xml).Root!);
        }

        Assert.Equal(["Alert", "Update", "Cancel"], docs.Select(d => d.Element(CapSchema.Ns + "msgType")!.Value));
        string Triple(XElement d) =>
            $"{d.Element(CapSchema.Ns + "sender")!.Value},{d.Element(CapSchema.Ns + "identifier")!.Value}," +
            $"{d.Element(CapSchema.Ns + "sent")!.Value}";
        Assert.Equal(Triple(docs[0]), docs[1].Element(CapSchema.Ns + "references")!.Value);
        Assert.Equal($"{Triple(docs[0])} {Triple(docs[1])}", docs[2].Element(CapSchema.Ns + "references")!.Value);
        Assert.Equal(3, docs.Select(d => d.Element(CapSchema.Ns + "identifier")!.Value).Distinct().Count());
        Assert.Contains("Azabu", docs[1].Descendants(CapSchema.Ns + "areaDesc")
            .First(a => a.Parent!.Parent!.Element(CapSchema.Ns + "language")!.Value == "en-US").Value, StringComparison.Ordinal);
        Assert.Equal("河川水位が下がったため / river level fell", docs[2].Element(CapSchema.Ns + "note")!.Value);
        Assert.Equal(docs[2].ToString(), XDocument.Parse(await anon.GetStringAsync($"/alerts/cap/{id}.xml", Ct)).Root!.ToString());

        // Cancelled: out of the active list, a further update or cancel is a conflict.
        var active = JsonNode.Parse(await anon.GetStringAsync("/api/public-alerts?active=true", Ct))!.AsArray();
        Assert.DoesNotContain(active, a => a!["id"]!.GetValue<long>() == id);
        var again = await hq.PostAsync($"/api/public-alerts/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await hq.PutAsJsonAsync($"/api/public-alerts/{id}", AlertBodies.Districts(), Ct)).StatusCode);
        Assert.Equal(["alert.publish", "alert.update", "alert.cancel"],
            await Actions($"SELECT string_agg(action, ',' ORDER BY seq) FROM ops.audit_log WHERE entity = 'public-alert' AND entity_id = " +
                $"'{id}' AND action <> 'alert.mail'"));
        var chain = await Minato.Audit.AuditVerifier.VerifyAsync(host.Database.DataSource, Ct);
        Assert.True(chain.Intact, string.Join("; ", chain.Problems));
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheAlertAndSubscriberOperations()
    {
        var doc = await host.CreateClient().GetStringAsync("/openapi.json", Ct);

        foreach (var operation in new[] { "IssuePublicAlert", "UpdatePublicAlert", "CancelPublicAlert", "ListPublicAlerts", "CapFeed",
            "CapDocument", "CreateSubscriber" })
        {
            Assert.Contains($"\"operationId\": \"{operation}\"", doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Feed_ActiveAlert_AtomEntryLinksToCapDocument()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts(5, "emergency-safety", "Exercise"));

        var response = await host.CreateClient().GetAsync("/alerts/cap", Ct);

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var atom = XNamespace.Get("http://www.w3.org/2005/Atom");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal(atom + "feed", feed.Name);
        Assert.NotNull(feed.Element(atom + "updated"));
        var entry = feed.Elements(atom + "entry")
            .Single(e => e.Element(atom + "id")!.Value.EndsWith(alert["identifier"]!.GetValue<string>(), StringComparison.Ordinal));
        var link = entry.Elements(atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml");
        Assert.StartsWith("[Exercise]", entry.Element(atom + "title")!.Value, StringComparison.Ordinal);
        var cap = await host.CreateClient().GetAsync(new Uri((string)link.Attribute("href")!).PathAndQuery, Ct);
        Assert.Equal("application/cap+xml", cap.Content.Headers.ContentType!.MediaType);
        CapSchema.AssertValid(await cap.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Issue_PolygonInsideWard_CapPolygonIsTheGivenSquareLatFirst()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Polygon(AlertBodies.InShiba));

        Assert.Equal(["shiba"], alert["districts"]!.AsArray().Select(d => d!.GetValue<string>()));
        var xml = await host.CreateClient().GetStringAsync($"/alerts/cap/{AlertBodies.Id(alert)}.xml", Ct);
        CapSchema.AssertValid(xml);
        var polygon = XDocument.Parse(xml).Descendants(CapSchema.Ns + "polygon").First().Value;
        Assert.Equal("35.658,139.746 35.658,139.75 35.662,139.75 35.662,139.746 35.658,139.746", polygon);
    }

    [Fact]
    public async Task Issue_PolygonOutsideWard_422WithReason()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        var response = await hq.PostAsJsonAsync("/api/public-alerts", AlertBodies.Polygon((139.60, 35.60)), Ct);

        await AssertProblem(response, HttpStatusCode.UnprocessableEntity, "not inside Minato City");
    }

    [Fact]
    public async Task Issue_UnknownDistrictOrInconsistentLevel_422WithReason()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        await AssertProblem(await hq.PostAsJsonAsync("/api/public-alerts", AlertBodies.Districts(4, "evacuate", "Actual", "roppongi"), Ct),
            HttpStatusCode.UnprocessableEntity, "unknown district(s): roppongi");
        await AssertProblem(await hq.PostAsJsonAsync("/api/public-alerts", AlertBodies.Districts(4, "emergency-safety"), Ct),
            HttpStatusCode.UnprocessableEntity, "level 4 goes with evacuation 'evacuate'");
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.public_alert_messages m JOIN ops.public_alerts a ON a.id = m.alert_id WHERE 'roppongi' = " +
                "ANY(a.districts)"));
    }

    [Fact]
    public async Task Publish_WithoutTokenOrAsOtherRoles_401And403AndNothingStored()
    {
        var before = await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.public_alert_messages");

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await host.CreateClient().PostAsJsonAsync("/api/public-alerts", AlertBodies.Districts(), Ct)).StatusCode);
        foreach (var client in new[]
        {
            host.CreateClient(MinatoClaims.DistrictRole, district: "shiba"), host.CreateClient(MinatoClaims.ShelterRole, shelter: "1"),
            host.CreateClient(MinatoClaims.Field), host.CreateClient(MinatoClaims.Public),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden,
                (await client.PostAsJsonAsync("/api/public-alerts", AlertBodies.Districts(), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/public-alerts/1/cancel", null, Ct)).StatusCode);
        }

        Assert.Equal(before, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.public_alert_messages"));
    }

    [Fact]
    public async Task Update_UnknownAlert_404()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        await AssertProblem(await hq.PutAsJsonAsync("/api/public-alerts/987654", AlertBodies.Districts(), Ct), HttpStatusCode.NotFound,
            "987654");
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/alerts/cap/987654.xml", Ct)).StatusCode);
    }

    [Fact]
    public async Task PublicEndpoints_Anonymous_CorsAndNoIssuerIdentity()
    {
        var hq = host.CreateClient(MinatoClaims.Hq, subject: "hq-officer-tanaka");
        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        var anon = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public-alerts/{AlertBodies.Id(alert)}");
        request.Headers.Add("Origin", "https://example.org");

        var response = await anon.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(JsonNode.Parse(text)!["active"]!.GetValue<bool>());
        Assert.DoesNotContain("hq-officer-tanaka", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hq-officer-tanaka", await anon.GetStringAsync($"/alerts/cap/{AlertBodies.Id(alert)}.xml", Ct),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterDataEdit_AfterPublish_NoNewMessageAndCapUnchanged()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts(4, "evacuate", "Actual", "takanawa"));
        var id = AlertBodies.Id(alert);
        var before = await host.CreateClient().GetStringAsync($"/alerts/cap/{id}.xml", Ct);

        await host.Database.ExecuteAsync("UPDATE gis.districts SET name_en = 'Takanawa (renamed)', geom = ST_Multi(ST_Buffer(geom, " +
            "0.001)) WHERE id = 'takanawa'");

        Assert.Equal(before, await host.CreateClient().GetStringAsync($"/alerts/cap/{id}.xml", Ct));
        Assert.Equal(1, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.public_alert_messages WHERE alert_id = {id}"));
    }

    private async Task<string[]> Actions(string sql) => (await host.Database.ScalarAsync<string>(sql)).Split(',');

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, text, StringComparison.Ordinal);
    }
}
