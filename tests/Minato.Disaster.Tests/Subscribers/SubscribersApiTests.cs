using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.Disaster.Security;
using Minato.Disaster.Tests.PublicAlerts;

namespace Minato.Disaster.Tests.Subscribers;

/// <summary>Subscribers are personal data: hq only, every read audited, bad input refused with the reason, nothing public.</summary>
public sealed class SubscribersApiTests(AlertsHost host) : IClassFixture<AlertsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateReadDelete_AsHq_EveryStepAuditedWithoutTheAddress()
    {
        var hq = host.CreateClient(MinatoClaims.Hq, subject: "hq-1");

        var created = await hq.PostAsJsonAsync("/api/subscribers",
            new { email = "Resident.One@example.jp", language = "ja-easy", area = new { districts = new[] { "azabu", "shiba" } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<long>();
        var list = JsonNode.Parse(await hq.GetStringAsync("/api/subscribers", Ct))!.AsArray();
        var one = JsonNode.Parse(await hq.GetStringAsync($"/api/subscribers/{id}", Ct))!;
        var deleted = await hq.DeleteAsync($"/api/subscribers/{id}", Ct);

        Assert.Contains(list, s => s!["email"]!.GetValue<string>() == "Resident.One@example.jp");
        Assert.Equal("ja-easy", one["language"]!.GetValue<string>());
        Assert.Equal(["azabu", "shiba"], one["districts"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hq.GetAsync($"/api/subscribers/{id}", Ct)).StatusCode);
        foreach (var (action, count) in new[] { ("subscriber.create", 1L), ("subscriber.read", 2L), ("subscriber.delete", 1L) })
        {
            Assert.Equal(count, await host.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM ops.audit_log WHERE action = '{action}' AND actor = 'hq-1' AND (entity_id = '{id}' OR " +
                    $"details->'ids' @> '[{id}]')"));
        }

        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE details::text ILIKE " +
            "'%resident.one%'"));
    }

    [Fact]
    public async Task AnyRoleButHq_403AndAnonymous401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/subscribers", Ct)).StatusCode);
        foreach (var client in new[]
        {
            host.CreateClient(MinatoClaims.DistrictRole, district: "shiba"), host.CreateClient(MinatoClaims.ShelterRole, shelter: "1"),
            host.CreateClient(MinatoClaims.Field), host.CreateClient(MinatoClaims.Public),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/subscribers", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden,
                (await client.PostAsJsonAsync("/api/subscribers",
                    new { email = "x@example.jp", language = "ja", area = new { districts = new[] { "shiba" } } }, Ct)).StatusCode);
        }
    }

    [Theory]
    [InlineData("""{"email":"not-an-address","language":"ja","area":{"districts":["shiba"]}}""", "email")]
    [InlineData("""{"email":"a@example.jp","language":"fr","area":{"districts":["shiba"]}}""", "language")]
    [InlineData("""{"email":"a@example.jp","language":"ja","area":{"districts":["nowhere"]}}""", "unknown district(s): nowhere")]
    [InlineData("""{"email":"a@example.jp","language":"ja","area":{"point":{"type":"Point","coordinates":[135.5,34.7]}}}""",
        "not in Minato City")]
    [InlineData("""{"email":"a@example.jp","language":"ja",""" +
        """  "area":{"districts":["shiba"],"point":{"type":"Point","coordinates":[139.75,35.66]}}}""", "exactly one")]
    public async Task Create_BadInput_422WithReasonAndNothingStored(string body, string reason)
    {
        var hq = host.CreateClient(MinatoClaims.Hq);

        var response = await hq.PostAsync("/api/subscribers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers WHERE email = 'a@example.jp'"));
    }

    [Fact]
    public async Task Create_SameAddressTwiceAnyCase_409()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        var body = new { email = "twice@example.jp", language = "en", area = new { districts = new[] { "akasaka" } } };

        Assert.Equal(HttpStatusCode.Created, (await hq.PostAsJsonAsync("/api/subscribers", body, Ct)).StatusCode);
        var again = await hq.PostAsJsonAsync("/api/subscribers", body with { email = "TWICE@example.jp" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task SelfRegistration_NoSmtpServer_503AndNothingStored()
    {
        var response = await host.CreateClient().PostAsJsonAsync("/api/public/subscriptions",
            new { email = "nosmtp@example.jp", language = "ja", area = new { districts = new[] { "shiba" } } }, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("needs an SMTP server", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscription_requests"));
    }

    [Fact]
    public async Task PublicAlertEndpoints_WithSubscribers_NeverShowAddresses()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        Assert.Equal(HttpStatusCode.Created, (await hq.PostAsJsonAsync("/api/subscribers",
            new { email = "private-person@example.jp", language = "ja", area = new { districts = new[] { "shiba" } } }, Ct)).StatusCode);
        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        var anon = host.CreateClient();

        foreach (var url in new[] { "/api/public-alerts", $"/api/public-alerts/{AlertBodies.Id(alert)}", "/alerts/cap",
            $"/alerts/cap/{AlertBodies.Id(alert)}.xml" })
        {
            Assert.DoesNotContain("private-person", await anon.GetStringAsync(url, Ct), StringComparison.Ordinal);
        }

        // No SMTP server configured here: the delivery is recorded as skipped with the reason, the alert still published.
        await Deliveries.WaitFinishedAsync(host.Database, AlertBodies.Id(alert), 1, TimeSpan.FromSeconds(60));
        Assert.Contains("no SMTP server configured", await host.Database.ScalarAsync<string>(
            $"SELECT string_agg(d.status || ': ' || d.error, ';') FROM ops.alert_deliveries d JOIN ops.public_alert_messages m ON m.id = " +
                $"d.message_id WHERE m.alert_id = {AlertBodies.Id(alert)}"),
            StringComparison.Ordinal);
    }
}
