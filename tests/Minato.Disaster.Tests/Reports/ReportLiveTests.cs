using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Reports;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.MapClient;
using Minato.Server.Security;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>Reports on the live situation over a real WebSocket: HQ and the report's district see them, other districts and the public do
/// not.</summary>
public sealed class ReportLiveTests(ReportLiveTests.KestrelHost host) : IClassFixture<ReportLiveTests.KestrelHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAndStatusChange_ArriveAtHqAndTheReportsDistrict_NotAnotherDistrictOrThePublic()
    {
        await using var hq = await host.ConnectAsync(MinatoClaims.Hq, null);
        await using var shiba = await host.ConnectAsync(MinatoClaims.DistrictRole, "shiba");
        await using var azabu = await host.ConnectAsync(MinatoClaims.DistrictRole, "azabu");
        await using var pub = await host.ConnectAsync(null, null);
        foreach (var (client, scope) in new[] { (hq, "hq"), (shiba, "district:shiba"), (azabu, "district:azabu"), (pub, "public") })
        {
            var joined = await client.SubscribeAsync(scope, Ct);
            Assert.True(joined.Accepted, joined.Error);
            await client.WaitForSnapshotAsync(scope, Timeout, Ct);
        }

        var id = (await CreateAsync(host.CreateClient(MinatoClaims.Field, subject: "field-live"),
            Point("building-damage", 4, ReportsHost.Lon, ReportsHost.Lat, "live")))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);

        await UntilAsync(() => Has(hq, "hq", id, "\"status\":\"reported\""), "the new report at hq");
        await UntilAsync(() => Has(shiba, "district:shiba", id, "\"status\":\"reported\""), "the new report at district:shiba");

        using (var confirmed = await StatusAsync(host.CreateClient(MinatoClaims.DistrictRole, district: "shiba", subject: "shiba-live"),
            long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), "confirmed"))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        await UntilAsync(() => Has(hq, "hq", id, "\"status\":\"confirmed\""), "the status change at hq");
        await UntilAsync(() => Has(shiba, "district:shiba", id, "\"status\":\"confirmed\""), "the status change at district:shiba");
        // Azabu and the public got nothing of it (the deltas above were delivered after any they could have had).
        Assert.Null(azabu.Model("district:azabu").Find(SituationKinds.Report, id));
        Assert.Null(pub.Model("public").Find(SituationKinds.Report, id));
        Assert.Equal(0, hq.Gaps + shiba.Gaps);

        using (var rejected = await StatusAsync(host.CreateClient(MinatoClaims.Hq, subject: "hq-live"),
            long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), "rejected"))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        await UntilAsync(() => shiba.Model("district:shiba").Find(SituationKinds.Report, id) is null,
            "the closed report to leave district:shiba");
    }

    [Fact]
    public async Task Source_LoadsOpenReportsOnly()
    {
        var field = host.CreateClient(MinatoClaims.Field, subject: "field-source");
        var open = await CreateAsync(field, Point("fire", 2, ReportsHost.Lon, ReportsHost.Lat));
        var closed = await CreateAsync(field, Point("fire", 2, ReportsHost.Lon, ReportsHost.Lat));
        using (var r = await StatusAsync(host.CreateClient(MinatoClaims.Hq, subject: "hq-source"), closed, "rejected"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var source = host.Services.GetServices<ISituationSource>().OfType<ReportSituationSource>().Single();
        var changes = await source.LoadAsync(Ct);

        var change = Assert.Single(changes, c => c.Id == open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(SituationKinds.Report, change.Kind);
        Assert.Equal("shiba", change.Routing.District);
        Assert.Null(change.PublicData);
        Assert.Contains("\"reportedBy\":\"field-source\"", change.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(changes, c => c.Id == closed.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool Has(SituationClient client, string scope, string id, string fragment) =>
        client.Model(scope).Find(SituationKinds.Report, id)?.Contains(fragment, StringComparison.Ordinal) == true;

    private static Task UntilAsync(Func<bool> condition, string what) => Wait.UntilAsync(condition, Timeout, what);

    /// <summary>The reports host on a real Kestrel loopback port, for SignalR clients over WebSockets.</summary>
    public sealed class KestrelHost : ReportsHost
    {
        public KestrelHost() => this.ListenOnLoopback();

        public async Task<SituationClient> ConnectAsync(string? role, string? district)
        {
            var address = this.LoopbackAddress();
            string? token = role is null ? null
                : Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("live-" + role, role, district));
            var client = new SituationClient(new SituationClientOptions
            {
                HubUrl = new Uri(address + "/hubs/situation"),
                AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token),
            });
            await client.StartAsync(Ct);
            return client;
        }
    }
}
