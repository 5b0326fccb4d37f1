using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Ingest;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>The default single-node wiring: a station publishes over MQTT to the embedded broker, a map client sees it.</summary>
public sealed class EndToEndTests(LiveServer server) : IClassFixture<LiveServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Reading_PublishedOverMqtt_ReachesDistrictAndPublicClientsNotOtherDistricts()
    {
        var ct = TestContext.Current.CancellationToken;
        var station = new Station("R-E2E-01", StationKind.Rain, "芝 テスト", "Shiba test", "shiba", null, null, 600, 139.75, 35.65,
            Station.DefaultRain1hMm, Station.DefaultRain24hMm);
        await new StationStore(server.Database.DataSource).UpsertAsync([(station, (string?)"pw-e2e")], ct);
        var ingest = server.Services.GetRequiredService<MqttIngestService>();
        await Wait.UntilAsync(() => ingest.IsConnected, Timeout, () => "the ingest to connect to the embedded broker");

        await using var shiba = await server.ConnectAsync(server.Token(MinatoClaims.DistrictRole, district: "shiba"),
            LiveProtocol.MessagePack);
        await using var azabu = await server.ConnectAsync(server.Token(MinatoClaims.DistrictRole, district: "azabu"));
        await using var pub = await server.ConnectAsync(token: null);
        foreach (var (client, scope) in new[] { (shiba, "district:shiba"), (azabu, "district:azabu"), (pub, "public") })
        {
            Assert.True((await client.SubscribeAsync(scope, ct)).Accepted);
            await client.WaitForSnapshotAsync(scope, Timeout, ct);
        }

        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", server.BrokerPort, [(station, "pw-e2e")], ct);
        var at = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        Assert.True(await publisher.PublishAsync(station.Id, at, 7.5, ct));

        foreach (var (client, scope) in new[] { (shiba, "district:shiba"), (pub, "public") })
        {
            await Wait.UntilAsync(() =>
                client.Model(scope).Find(SituationKinds.Station, station.Id)?.Contains("\"value\":7.5", StringComparison.Ordinal) == true,
                Timeout, () => $"the reading on {scope}");
        }

        Assert.Null(azabu.Model("district:azabu").Find(SituationKinds.Station, station.Id));
        Assert.Equal(0, shiba.Gaps + pub.Gaps);
    }
}
