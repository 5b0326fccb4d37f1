using System.Net;
using System.Net.Http.Json;
using Minato.Disaster.Security;
using MimeKit;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// E-mail through a real SMTP server (aiosmtpd from Debian): exactly the subscribers whose area the alert covers get
/// it, each in their language; a Cancel reaches the same people; every delivery is recorded and the dispatch audited.
/// </summary>
public sealed class AlertMailTests(MailHost host) : IClassFixture<MailHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_ThreeSubscribers_CoveredTwoGetItInTheirLanguageThenTheCancel()
    {
        var hq = host.CreateClient(MinatoClaims.Hq);
        await Subscribe(hq, "inside-ja@example.jp", "ja", new { districts = new[] { "shiba" } });
        await Subscribe(hq, "inside-en@example.jp", "en",
            new { point = new { type = "Point", coordinates = new[] { AlertBodies.InShiba.Lon, AlertBodies.InShiba.Lat } } });
        // Azabu shares a border with Shiba: touching is not being covered.
        await Subscribe(hq, "outside-ja@example.jp", "ja", new { districts = new[] { "azabu" } });

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        var id = AlertBodies.Id(alert);
        await Deliveries.WaitFinishedAsync(host.Database, id, 1, Timeout);
        var first = await host.Sink.WaitForAsync(2, Timeout, Ct);

        Assert.Equal(["inside-en@example.jp", "inside-ja@example.jp"], first.Select(Recipient).Order(StringComparer.Ordinal));
        var ja = first.Single(m => Recipient(m) == "inside-ja@example.jp");
        var en = first.Single(m => Recipient(m) == "inside-en@example.jp");
        Assert.Equal("[港区] 警戒レベル4 避難指示: 芝地区に避難指示", ja.Subject);
        Assert.Equal("[Minato City] Alert Level 4: Evacuation Order: Evacuation order for Shiba", en.Subject);
        Assert.Equal("ja-JP", ja.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Equal("en-US", en.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Contains("直ちに避難してください。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("Evacuate now.", en.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://gis.minato.example/alerts/cap/{id}/1.xml", en.TextBody, StringComparison.Ordinal);

        var cancel = await hq.PostAsync($"/api/public-alerts/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await Deliveries.WaitFinishedAsync(host.Database, id, 2, Timeout);
        var all = await host.Sink.WaitForAsync(4, Timeout, Ct);

        var cancellations = all.Skip(2).ToList();
        Assert.Equal(["inside-en@example.jp", "inside-ja@example.jp"], cancellations.Select(Recipient).Order(StringComparer.Ordinal));
        Assert.StartsWith("[港区] 【解除】", cancellations.Single(m => Recipient(m) == "inside-ja@example.jp").Subject,
            StringComparison.Ordinal);
        Assert.StartsWith("[Minato City] [Cancelled] ", cancellations.Single(m => Recipient(m) == "inside-en@example.jp").Subject,
            StringComparison.Ordinal);
        Assert.Equal(4, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.alert_deliveries d JOIN ops.public_alert_messages m ON m.id = d.message_id WHERE m.alert_id = " +
                $"{id} AND d.status = 'sent' AND d.attempts = 1"));
        Assert.Equal(2, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'alert.mail' AND actor = 'system' AND entity_id = '{id}' AND " +
                $"(details->>'sent')::int = 2"));
        Assert.Equal(4, host.Sink.Messages().Count); // nothing sent twice

        // Every mail carries its subscriber's unsubscribe link (body and RFC 2369/8058 headers). Opening it (GET) only
        // shows a button; posting it unsubscribes once, audited; the link then is dead.
        var link = en.Headers["List-Unsubscribe"]?.Trim('<', '>') ?? "";
        Assert.StartsWith("https://gis.minato.example/api/public/subscriptions/unsubscribe?token=", link, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", en.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("Unsubscribe: " + link, en.TextBody, StringComparison.Ordinal);
        Assert.Contains("配信停止: ", ja.TextBody, StringComparison.Ordinal);
        var path = new Uri(link).PathAndQuery;
        var anon = host.CreateClient();
        var page = await anon.GetStringAsync(path, Ct);
        Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        Assert.Equal(1, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers WHERE email = 'inside-en@example.jp'"));
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsync(path, null, Ct)).StatusCode);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers WHERE email = 'inside-en@example.jp'"));
        Assert.Equal(1, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = " +
            "'subscriber.unsubscribe' AND actor = 'public'"));
        Assert.Equal(HttpStatusCode.NotFound, (await anon.PostAsync(path, null, Ct)).StatusCode);
        Assert.Equal(2, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers"));
    }

    private static string Recipient(MimeMessage m) => m.Headers["X-RcptTo"] ?? "";

    private static async Task Subscribe(HttpClient hq, string email, string language, object area)
    {
        var response = await hq.PostAsJsonAsync("/api/subscribers", new { email, language, area }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }
}
