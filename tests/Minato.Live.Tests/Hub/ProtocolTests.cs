using System.Collections.Concurrent;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Alerts;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>One scope, both hub protocols: each delta is serialised once per protocol, and both must carry the same thing.</summary>
public sealed class ProtocolTests(LiveServer server) : IClassFixture<LiveServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Delta_JsonAndMessagePackSubscribersOfOneScope_ReceiveIdenticalDeltas()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] stations = ["R-P-01", "R-P-02", "R-P-03"];
        foreach (var s in stations)
        {
            await server.AddStationAsync(s, "akasaka");
        }

        var token = server.Token(MinatoClaims.Hq);
        await using var json = await server.ConnectAsync(token, LiveProtocol.Json);
        await using var msgpack = await server.ConnectAsync(token, LiveProtocol.MessagePack);
        var received = new Dictionary<SituationClient, ConcurrentQueue<string>> { [json] = new(), [msgpack] = new() };
        foreach (var (client, deltas) in received)
        {
            Assert.True((await client.SubscribeAsync("hq", ct)).Accepted);
            await client.WaitForSnapshotAsync("hq", Timeout, ct);
            client.DeltaApplied += d => deltas.Enqueue(
                $"{d.Scope} {d.Stream} #{d.Seq}: " + string.Join(" | ", d.Changes.Select(c => $"{c.Kind}/{c.Id}={c.Data}")));
        }

        var start = server.State.Snapshot(SituationScope.Hq).Seq;
        Assert.Equal(start, json.Model("hq").Seq);
        Assert.Equal(json.Model("hq").Entities, msgpack.Model("hq").Entities);

        var at = TimeProvider.System.GetUtcNow();
        var derived = new Dictionary<string, double> { ["rain_10m"] = 1.25, ["rain_1h"] = 7.5 };
        for (var i = 0; i < 30; i++)
        {
            server.Sensors.Publish(new StationUpdated(stations[i % 3], at.AddSeconds(i), i + 0.5, derived));
        }

        foreach (var client in received.Keys)
        {
            await Wait.UntilAsync(
                () => client.Model("hq").Seq == start + 30, Timeout, () => $"the deltas ({client.Model("hq").Seq - start} of 30)");
        }

        Assert.Equal(30, received[json].Count);
        Assert.Equal(received[json], received[msgpack]);
        Assert.Contains("\"value\":29.5", received[json].Last(), StringComparison.Ordinal);
        Assert.Equal(json.Model("hq").Entities, msgpack.Model("hq").Entities);
    }
}
