using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Minato.Disaster.Tests.PublicAlerts;

namespace Minato.Disaster.Tests.Subscribers;

/// <summary>Double opt-in through a real SMTP server: nothing is subscribed until the mailed link is opened, once.</summary>
public sealed partial class SelfRegistrationTests(MailHost host) : IClassFixture<MailHost>
{
    [Fact]
    public async Task Register_ThenOpenMailedLink_SubscribedOnceAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var anon = host.CreateClient();

        var response = await anon.PostAsJsonAsync("/api/public/subscriptions",
            new { email = "self.registrant@example.jp", language = "en", area = new { districts = new[] { "shiba" } } }, ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain("self.registrant", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var mail = Assert.Single(await host.Sink.WaitForAsync(1, TimeSpan.FromSeconds(30), ct));
        Assert.Equal("self.registrant@example.jp", mail.Headers["X-RcptTo"]);
        Assert.Equal("[Minato City] Confirm your alert e-mail subscription", mail.Subject);
        var link = new Uri(LinkPattern().Match(mail.TextBody!).Value);
        Assert.Equal("gis.minato.example", link.Host);
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers WHERE email = " +
            "'self.registrant@example.jp'"));

        var confirmed = await anon.GetAsync(link.PathAndQuery, ct);
        var again = await anon.GetAsync(link.PathAndQuery, ct);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("subscribed", JsonNode.Parse(await confirmed.Content.ReadAsStringAsync(ct))!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("en|self", await host.Database.ScalarAsync<string>("SELECT language || '|' || created_by FROM ops.subscribers WHERE " +
            "email = 'self.registrant@example.jp'"));
        Assert.Equal(0, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscription_requests"));
        Assert.Equal(2, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM ops.audit_log WHERE actor = 'public' AND action IN ('subscriber.request', 'subscriber.confirm') AND " +
                "details::text NOT ILIKE '%registrant%'"));
    }

    [Fact]
    public async Task Confirm_UnknownToken_404AndNothingSubscribed()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers");

        var response = await host.CreateClient().GetAsync("/api/public/subscriptions/confirm?token=not-a-real-token", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.subscribers"));
    }

    [GeneratedRegex(@"https?://\S+/api/public/subscriptions/confirm\?token=[A-Za-z0-9_-]+")]
    private static partial Regex LinkPattern();
}
