using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.Sensors.Alerts;

namespace Minato.Live.Tests.Hub;

/// <summary>The host with the default 1 s coalescing on a fake clock.</summary>
public sealed class CoalescingServer : LiveServer
{
    public CoalescingServer()
    {
        Settings["Minato:Live:CoalesceIntervalMs"] = "1000";
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));
    }
}

public sealed class CoalescingTests(CoalescingServer server) : IClassFixture<CoalescingServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StationUpdated_BurstWithinOneInterval_FirstAtOnceThenOneDeltaWithTheLatestPerStation()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] stations = ["R-C-01", "R-C-02", "R-C-03"];
        foreach (var s in stations)
        {
            await server.AddStationAsync(s, "shiba");
        }

        await using var client = await server.ConnectAsync(token: null);
        Assert.True((await client.SubscribeAsync("public", ct)).Accepted);
        await client.WaitForSnapshotAsync("public", Timeout, ct);
        var coalescer = server.Services.GetRequiredService<ChangeCoalescer>();
        await StartFreshWindowAsync(coalescer);
        var startSeq = server.State.Snapshot(SituationScope.Public).Seq;
        var offered = coalescer.Offered;
        var deltas = new ConcurrentQueue<string>();
        client.DeltaApplied += d =>
            deltas.Enqueue($"{d.Seq - startSeq}: " + string.Join(", ", d.Changes.Select(c => $"{c.Id}={Value(c.Data)}")));

        var at = server.Time!.GetUtcNow();
        for (var i = 0; i < 300; i++)
        {
            server.Sensors.Publish(new StationUpdated(stations[i % 3], at.AddMilliseconds(i), i, new Dictionary<string, double>()));
        }

        await Wait.UntilAsync(() => coalescer.Offered == offered + 300, Timeout, () =>
            $"the adapter to take the burst ({coalescer.Offered - offered})");
        // The first update went out at once; the other 299 wait for the tick, held as the latest per station.
        Assert.Equal(startSeq + 1, server.State.Snapshot(SituationScope.Public).Seq);
        Assert.Equal(3, coalescer.Pending);

        server.Time.Advance(TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => client.Model("public").Seq == startSeq + 2, Timeout, () => "the coalesced delta");
        Assert.Equal(startSeq + 2, server.State.Snapshot(SituationScope.Public).Seq);
        Assert.Equal(["1: R-C-01=0", "2: R-C-02=298, R-C-03=299, R-C-01=297"], deltas);
    }

    [Fact]
    public async Task StationUpdated_IsolatedReading_SentWithoutWaitingForTheInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        await server.AddStationAsync("R-C-20", "azabu");
        await using var client = await server.ConnectAsync(token: null);
        Assert.True((await client.SubscribeAsync("public", ct)).Accepted);
        await client.WaitForSnapshotAsync("public", Timeout, ct);

        await StartFreshWindowAsync(server.Services.GetRequiredService<ChangeCoalescer>());

        server.Sensors.Publish(new StationUpdated("R-C-20", server.Time!.GetUtcNow(), 4.5, new Dictionary<string, double>()));

        // The fake clock does not move: only the leading edge can bring it.
        await Wait.UntilAsync(() => client.Model("public").Find(SituationKinds.Station, "R-C-20") is { } data && Value(data) == 4.5,
            Timeout, () => "the reading");
    }

    [Fact]
    public async Task AlertChanged_NotCoalesced_SentWithoutWaitingForTheInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        await server.AddStationAsync("R-C-10", "azabu");
        await using var client = await server.ConnectAsync(token: null);
        Assert.True((await client.SubscribeAsync("public", ct)).Accepted);
        await client.WaitForSnapshotAsync("public", Timeout, ct);

        server.Sensors.Publish(new AlertChanged(new AlertTransition("R-C-10", "rain_1h", 0, 2, "非常に激しい雨", 3, 55,
            server.Time!.GetUtcNow())));

        await Wait.UntilAsync(() => client.Model("public").Find(SituationKinds.SensorAlert, "R-C-10/rain_1h") is not null, Timeout, () =>
            "the alert");
        Assert.Contains("\"stage\":2", client.Model("public").Find(SituationKinds.SensorAlert, "R-C-10/rain_1h"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The fixture's server is shared: an earlier test may have used the current window. Two ticks end it (the first
    /// publishes what is held, the second, with nothing held, leaves the next window free).
    /// </summary>
    private async Task StartFreshWindowAsync(ChangeCoalescer coalescer)
    {
        for (var i = 0; i < 2; i++)
        {
            var ticks = coalescer.Ticks;
            server.Time!.Advance(TimeSpan.FromSeconds(1));
            await Wait.UntilAsync(() => coalescer.Ticks > ticks, Timeout, () => "the coalescing tick");
        }
    }

    private static double Value(string? data) => JsonDocument.Parse(data!).RootElement.GetProperty("value").GetDouble();
}
