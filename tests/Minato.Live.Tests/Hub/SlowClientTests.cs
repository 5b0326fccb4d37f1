using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Alerts;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>The host with a small per-connection buffer, so a stalled client overflows quickly.</summary>
public sealed class SmallBufferServer : LiveServer
{
    public SmallBufferServer() => Settings["Minato:Live:ConnectionBuffer"] = "64";
}

[Trait("Category", "Slow")]
public sealed class SlowClientTests(SmallBufferServer server) : IClassFixture<SmallBufferServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Storm_OneClientStalled_OthersKeepUpAndStalledOneIsToldToResync()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] stations = ["R-S-01", "R-S-02", "R-S-03", "R-S-04"];
        foreach (var s in stations)
        {
            await server.AddStationAsync(s, "takanawa");
        }

        var token = server.Token(MinatoClaims.Hq);
        await using var fast = await server.ConnectAsync(token, LiveProtocol.MessagePack);
        await using var slow = await server.ConnectAsync(token);
        foreach (var c in new[] { fast, slow })
        {
            Assert.True((await c.SubscribeAsync("hq", ct)).Accepted);
            await c.WaitForSnapshotAsync("hq", Timeout, ct);
        }

        using var gate = new SemaphoreSlim(0);
        var stalled = 0;
        // Blocking the handler blocks the client's receive loop: the server's writes to it back up to the socket.
        slow.DeltaApplied += _ =>
        {
            if (Interlocked.Exchange(ref stalled, 1) == 0)
            {
                gate.Wait(Timeout);
            }
        };

        // ~6 kB per delta, 3000 deltas: far more than the socket, SignalR and feed buffers hold together.
        var derived = Enumerable.Range(0, 250).ToDictionary(i => "measure_" + i, i => i * 1.5);
        var at = TimeProvider.System.GetUtcNow();
        var expected = () => server.State.Snapshot(SituationScope.Hq);
        for (var i = 0; i < 3000; i++)
        {
            server.Sensors.Publish(new StationUpdated(stations[i % 4], at.AddSeconds(i), i, derived));
            if (i % 32 == 31)
            {
                // A client that keeps up: it has everything before the next burst.
                var target = i + 1;
                await Wait.UntilAsync(() => fast.Deltas >= target, Timeout, () =>
                    $"the fast client to keep up ({fast.Deltas} of {target})");
            }
        }

        await Wait.UntilAsync(() =>
            fast.Model("hq").Seq == expected().Seq
                && expected().Entities.Any(e => e.Data!.Contains("\"value\":2999", StringComparison.Ordinal)),
            Timeout, () => $"the fast client ({fast.Model("hq").Seq} of {expected().Seq}) while the slow one is stalled");
        Assert.True(slow.Model("hq").Seq < expected().Seq - 100, $"the slow client was not behind ({slow.Model("hq").Seq})");
        var connections = server.Services.GetRequiredService<Minato.Server.Live.LiveConnections>();
        Assert.True(connections.Overflows > 0, "the stalled connection never overflowed");
        Assert.Equal(0, fast.Resyncs);

        gate.Release();

        await Wait.UntilAsync(() => slow.Model("hq").Seq == expected().Seq, Timeout,
            () => $"the slow client to resync ({slow.Model("hq").Seq} of {expected().Seq}, resyncs {slow.Resyncs})");
        Assert.True(slow.Resyncs >= 1);
        Assert.Equal(expected().Entities.ToDictionary(e => new EntityId(e.Kind, e.Id), e => e.Data!), slow.Model("hq").Entities);
    }
}
