using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Ingest;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>Two nodes behind one Redis and one Mosquitto: readings ingested once, by either node, reach clients on both.</summary>
[Trait("Category", "Slow")]
public sealed class TwoNodeTests(Cluster cluster) : IClassFixture<Cluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readings_SharedSubscriptionOverTwoNodes_StoredOnceAndClientOnAGetsChangesIngestedOnB()
    {
        var ct = TestContext.Current.CancellationToken;
        var ingestedBy = new ConcurrentDictionary<double, string>();
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var ingest = node.Services.GetRequiredService<MqttIngestService>();
            await Wait.UntilAsync(() => ingest.IsConnected, Timeout, () => $"node {node.Name}'s ingest to connect");
            ingest.Committed += batch =>
            {
                foreach (var r in batch.Readings)
                {
                    Assert.True(ingestedBy.TryAdd(r.Value, node.Name), $"reading {r.Value} ingested twice");
                }
            };
        }

        var token = cluster.A.Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("hq", MinatoClaims.Hq));
        await using var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = cluster.A.HubUrl, AccessTokenProvider = () => Task.FromResult<string?>(token), Protocol = LiveProtocol.MessagePack,
        });
        var seen = new ConcurrentBag<double>();
        var applied = new ConcurrentQueue<long>();
        client.DeltaApplied += d =>
        {
            applied.Enqueue(d.Seq);
            foreach (var c in d.Changes.Where(c => c.Kind == SituationKinds.Station && c.Data is not null))
            {
                seen.Add(JsonDocument.Parse(c.Data!).RootElement.GetProperty("value").GetDouble());
            }
        };
        await client.StartAsync(ct);
        Assert.True((await client.SubscribeAsync("hq", ct)).Accepted);
        await client.WaitForSnapshotAsync("hq", Timeout, ct);
        var start = client.Model("hq").Seq;

        const int perStation = 30;
        var at = TimeProvider.System.GetUtcNow().AddMinutes(-perStation * 10 - 10);
        foreach (var (station, s) in Cluster.Stations.Select((id, i) => (id, i)))
        {
            using var mqtt = await ConnectAsync(station, ct);
            for (var i = 0; i < perStation; i++)
            {
                // Distinct values identify each reading: 0.1 mm steps, station offset.
                var value = Math.Round(s * 10 + i * 0.1, 1);
                var payload = string.Create(CultureInfo.InvariantCulture,
                    $"[{{\"bn\":\"urn:dev:minato:{station}:\",\"bt\":{at.AddMinutes(i * 10).ToUnixTimeSeconds()}," +
                    $"\"n\":\"rain\",\"u\":\"mm\",\"v\":{value}}}]");
                await mqtt.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"minato/v1/rain/{station}").WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            }
        }

        await Wait.UntilAsync(() => ingestedBy.Count == perStation * 2, Timeout, () => $"all readings ingested ({ingestedBy.Count})");
        await using (var count = cluster.Database.DataSource.CreateCommand("SELECT count(*) FROM sensors.observations"))
        {
            Assert.Equal(perStation * 2L, (long)(await count.ExecuteScalarAsync(ct))!);
        }

        var byB = ingestedBy.Where(kv => kv.Value == "b").Select(kv => kv.Key).ToHashSet();
        Assert.NotEmpty(byB);
        Assert.Contains(ingestedBy.Values, n => n == "a");

        // The latest reading of each station, whoever ingested it, is what both nodes and the client on A show.
        foreach (var (station, s) in Cluster.Stations.Select((id, i) => (id, i)))
        {
            var last = Math.Round(s * 10 + (perStation - 1) * 0.1, 1).ToString(CultureInfo.InvariantCulture);
            await Wait.UntilAsync(
                () => client.Model("hq").Find(SituationKinds.Station, station)?.Contains($"\"value\":{last},", StringComparison.Ordinal)
                    == true,
                Timeout, () => $"{station} at {last} on the client ({client.Model("hq").Find(SituationKinds.Station, station)})");
        }

        Assert.Contains(seen, byB.Contains);
        // Derivation updates may still be arriving: wait until the client and node A agree, with nothing skipped or repeated.
        await Wait.UntilAsync(() =>
        {
            var (_, seq, entities) = client.Model("hq").Read();
            var expected = Entities(cluster.A.State);
            return seq == cluster.A.State.Snapshot(SituationScope.Hq).Seq && entities.Count == expected.Count
                && entities.All(kv => expected.GetValueOrDefault(kv.Key) == kv.Value);
        }, Timeout, () => "the client to hold node A's situation");
        Assert.Equal(0, client.Gaps);
        var seqs = applied.ToArray();
        Assert.Equal(Enumerable.Range((int)start + 1, seqs.Length).Select(i => (long)i), seqs);
        await Wait.UntilAsync(() => Entities(cluster.B.State).Count == Entities(cluster.A.State).Count
                && Entities(cluster.B.State).All(kv => Entities(cluster.A.State).GetValueOrDefault(kv.Key) == kv.Value),
            Timeout, () => "both nodes to hold the same situation");
    }

    private static Dictionary<EntityId, string> Entities(SituationState state) =>
        state.Snapshot(SituationScope.Hq).Entities.ToDictionary(e => new EntityId(e.Kind, e.Id), e => e.Data!);

    private async Task<IMqttClient> ConnectAsync(string station, CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", cluster.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("pub-" + station)
            .WithCredentials(station, Cluster.StationPassword(station))
            .WithCleanStart(true)
            .Build(), ct);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }
}
