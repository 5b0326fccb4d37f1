using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>
/// Over the real hub: an alert for Shiba reaches anonymous public clients and the evacuation centre that lies in Shiba
/// (its district found from its position by the hub), not a centre in Azabu; its Cancel removes it from both.
/// </summary>
public sealed class PublicAlertHubTests(LiveAlertsHost host) : IClassFixture<LiveAlertsHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Publish_ShibaAlert_PublicAndShibaCentreGetItAzabuCentreNot()
    {
        var ct = TestContext.Current.CancellationToken;
        var shibaCentre = await AddCentreAsync("hub-shiba", AlertBodies.InShiba);
        var azabuCentre = await AddCentreAsync("hub-azabu", AlertBodies.InAzabu);
        await using var pub = await host.SubscribeAsync(null, "public");
        await using var shiba = await host.SubscribeAsync(host.Token(MinatoClaims.ShelterRole, shelter: shibaCentre),
            "shelter:" + shibaCentre);
        await using var azabu = await host.SubscribeAsync(host.Token(MinatoClaims.ShelterRole, shelter: azabuCentre),
            "shelter:" + azabuCentre);
        using var hq = host.Http(host.Token(MinatoClaims.Hq));

        var alert = await AlertBodies.IssueAsync(hq, AlertBodies.Districts());
        var id = AlertBodies.Id(alert).ToString(CultureInfo.InvariantCulture);

        await Until(() => pub.Model("public").Find(SituationKinds.PublicAlert, id) is not null, "the alert on the public scope");
        await Until(() => shiba.Model("shelter:" + shibaCentre).Find(SituationKinds.PublicAlert, id) is not null,
            "the alert at the Shiba centre");
        await azabu.PingAsync(1, ct); // a round trip on the Azabu connection: anything sent to it before has arrived
        Assert.Null(azabu.Model("shelter:" + azabuCentre).Find(SituationKinds.PublicAlert, id));
        Assert.Contains("芝地区に避難指示", pub.Model("public").Find(SituationKinds.PublicAlert, id)!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await hq.PostAsync($"api/public-alerts/{id}/cancel", null, ct)).StatusCode);

        await Until(() => pub.Model("public").Find(SituationKinds.PublicAlert, id) is null, "the Cancel on the public scope");
        await Until(() => shiba.Model("shelter:" + shibaCentre).Find(SituationKinds.PublicAlert, id) is null,
            "the Cancel at the Shiba centre");
        Assert.Equal(0, pub.Gaps + shiba.Gaps);
    }

    private async Task<string> AddCentreAsync(string sourceId, (double Lon, double Lat) at)
    {
        var id = await host.Database.ScalarAsync<long>(FormattableString.Invariant(
            $"""
            INSERT INTO gis.facilities (kind, source, source_id, name, capacity, geom) VALUES ('shelter', 'test', '{sourceId}',
            '{sourceId}', 100, ST_SetSRID(ST_Point({at.Lon}, {at.Lat}), 6668)) RETURNING id
            """));
        return id.ToString(CultureInfo.InvariantCulture);
    }

    private static Task Until(Func<bool> condition, string what) => Wait.UntilAsync(condition, Timeout, what);
}
