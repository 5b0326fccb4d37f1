using System.Net;
using System.Net.Http.Json;
using Minato.Disaster.Security;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>A mail server that is down: the alert still publishes at once, each delivery is retried then recorded as failed.</summary>
public sealed class AlertMailFailureTests(MailDownHost host) : IClassFixture<MailDownHost>
{
    [Fact]
    public async Task Publish_SmtpDown_AlertPublishedDeliveryFailedAfterRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var hq = host.CreateClient(MinatoClaims.Hq);
        var created = await hq.PostAsJsonAsync("/api/subscribers",
            new { email = "someone@example.jp", language = "ja", area = new { districts = new[] { "shiba" } } }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        await Deliveries.WaitFinishedAsync(host.Database, AlertBodies.Id(alert), 1, TimeSpan.FromSeconds(60));

        Assert.Equal("failed|3|true", await host.Database.ScalarAsync<string>(
            $"SELECT d.status || '|' || d.attempts || '|' || (d.error LIKE '%Socket%' OR d.error LIKE '%refused%') FROM " +
                $"ops.alert_deliveries d JOIN ops.public_alert_messages m ON m.id = d.message_id WHERE m.alert_id = " +
                    $"{AlertBodies.Id(alert)}"));
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync($"/alerts/cap/{AlertBodies.Id(alert)}.xml", ct)).StatusCode);
    }
}
