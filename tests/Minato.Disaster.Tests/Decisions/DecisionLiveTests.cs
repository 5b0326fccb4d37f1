using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.Tests.PublicAlerts;
using Minato.Gis.Import;
using Minato.Sensors.Alerts;

namespace Minato.Disaster.Tests.Decisions;

/// <summary>
/// Over the real hub: a gauge's stage change (the alert engine's stored stage and its AlertChanged event on the sensor
/// hub) pushes the recomputed decision board (kind <c>decisions</c>) to HQ and district clients, never to the public.
/// </summary>
public sealed class DecisionLiveTests(LiveAlertsHost host) : IClassFixture<LiveAlertsHost>
{
    private const string Gauge = "R-FURUKAWA-LIVE";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GaugeStageChange_BoardPushedToHqAndDistrict_NotToPublic()
    {
        var ct = TestContext.Current.CancellationToken;
        var importer = new LayerImporter(host.Database.DataSource, TimeProvider.System);
        var data = Path.Combine(TestEnvironment.RepositoryRoot, "data");
        Assert.True((await importer.ImportAsync("chome", Path.Combine(data, "minato", "chome", "estat_r2ka13103_minato_chome.geojson"),
            cancellationToken: ct)).Succeeded);
        Assert.True((await importer.ImportAsync("hazard-areas", Path.Combine(data, "demo", "hazard-areas.geojson"),
            new ImportOptions { Source = "demo" }, ct)).Succeeded);
        await using var hq = await host.SubscribeAsync(host.Token(MinatoClaims.Hq), "hq");
        await using var azabu = await host.SubscribeAsync(host.Token(MinatoClaims.DistrictRole, district: "azabu"), "district:azabu");
        await using var pub = await host.SubscribeAsync(null, "public");

        // What the alert engine does on a raise: store the stage, then publish the transition.
        await host.Database.ExecuteAsync($$"""
            INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, river, reach, river_stages_m, geom)
            VALUES ('{{Gauge}}', 'river', '古川 四ノ橋', 'Furukawa Yonohashi', 'azabu', '古川', '四ノ橋', '{1.5,2.0,2.5,3.0}',
                    ST_SetSRID(ST_Point(139.7296, 35.6490), 6668));
            INSERT INTO sensors.alert_states (station_id, measure, stage, stage_name, warning_level, value, since, updated_at)
            VALUES ('{{Gauge}}', 'stage', 4, '氾濫危険水位', 4, 3.1, now(), now());
            """, ct);
        host.Services.GetRequiredService<SensorEventHub>().Publish(new AlertChanged(
            new AlertTransition(Gauge, "stage", 1, 4, "氾濫危険水位", 4, 3.1, TimeProvider.System.GetUtcNow())));

        await Wait.UntilAsync(() => Level4For古川(hq.Model("hq").Find(SituationKinds.Decisions, DecisionsBoardId)), Timeout,
            "the board with level 4 for the 古川 reason at HQ");
        await Wait.UntilAsync(() => Level4For古川(azabu.Model("district:azabu").Find(SituationKinds.Decisions, DecisionsBoardId)),
            Timeout, "the board at the Azabu district HQ");
        await pub.PingAsync(1, ct);
        Assert.Null(pub.Model("public").Find(SituationKinds.Decisions, DecisionsBoardId));
    }

    /// <summary>The pushed board (JSON text, non-ASCII escaped) has a 町丁目 at level 4 for the gauge's reason.</summary>
    private static bool Level4For古川(string? board) =>
        board is not null && System.Text.Json.Nodes.JsonNode.Parse(board)!["chome"]!.AsArray().Any(c =>
            c!["level"]?.GetValue<int>() == 4 && c["reasons"]![0]!["text"]!["ja"]!.GetValue<string>().Contains("古川 四ノ橋 氾濫危険水位",
                StringComparison.Ordinal));

    private const string DecisionsBoardId = Minato.Disaster.Decisions.DecisionBoardPublisher.BoardId;
}
