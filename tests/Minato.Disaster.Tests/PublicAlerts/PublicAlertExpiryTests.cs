using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>An alert whose expiry passes leaves the active list, the Atom index and the live situation (fake clock).</summary>
public sealed class PublicAlertExpiryTests(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Expires_ClockPassesIt_GoneFromActiveListAndLiveButCapKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
        using var app = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))));
        var hq = app.CreateClient();
        // A token from this host's issuer: touching the fixture's own server would start a second host on the same broker port.
        var token = app.Services.GetRequiredService<Minato.Server.Security.TokenIssuer>()
            .Issue(new Minato.Server.Security.TokenRequest("hq-1", MinatoClaims.Hq));
        hq.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var state = app.Services.GetRequiredService<SituationState>();
        var body = AlertBodies.Districts();
        body["expires"] = "2026-11-24T03:10:00Z";

        var alert = await AlertBodies.IssueAsync(hq, body);
        var id = AlertBodies.Id(alert).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(state.Snapshot(SituationScope.Public).Entities, e => e.Kind == SituationKinds.PublicAlert && e.Id == id);

        clock.Advance(TimeSpan.FromMinutes(11));
        // The expiry check runs on the fake clock's timer; this only waits for it.
        await Wait.UntilAsync(() =>
            !state.Snapshot(SituationScope.Public).Entities.Any(e => e.Kind == SituationKinds.PublicAlert && e.Id == id),
            TimeSpan.FromSeconds(30), "the expired alert to leave the public scope");

        var active = JsonNode.Parse(await app.CreateClient().GetStringAsync("/api/public-alerts?active=true", ct))!.AsArray();
        Assert.DoesNotContain(active, a => a!["id"]!.GetValue<long>() == AlertBodies.Id(alert));
        Assert.False(JsonNode.Parse(await app.CreateClient().GetStringAsync($"/api/public-alerts/{id}", ct))!["active"]!.GetValue<bool>());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/alerts/cap/{id}.xml", ct)).StatusCode);
        Assert.Equal(1, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.public_alert_messages WHERE alert_id = {id}"));
    }
}
