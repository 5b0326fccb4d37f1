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
    public async Task StationUpdated_BurstWithinOneInterval_OneDeltaWithLatestValuePerStation()
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
        var startSeq = server.State.Snapshot(SituationScope.Public).Seq;
        var offered = coalescer.Offered;

        var at = server.Time!.GetUtcNow();
        for (var i = 0; i < 300; i++)
        {
            server.Sensors.Publish(new StationUpdated(stations[i % 3], at.AddMilliseconds(i), i, new Dictionary<string, double>()));
        }

        await Wait.UntilAsync(() => coalescer.Offered == offered + 300, Timeout, () => $"the adapter to take the burst ({coalescer.Offered - offered})");
        Assert.Equal(startSeq, server.State.Snapshot(SituationScope.Public).Seq);
        SituationDeltaProbe? last = null;
        client.DeltaApplied += d => last = new SituationDeltaProbe(d.Seq, d.Changes.Select(c => (c.Id, c.Data)).ToList());

        server.Time.Advance(TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => client.Model("public").Seq == startSeq + 1, Timeout, () => "the coalesced delta");
        Assert.Equal(startSeq + 1, server.State.Snapshot(SituationScope.Public).Seq);
        Assert.Equal(stations, last!.Changes.Select(c => c.Id));
        Assert.Contains("\"value\":297", last.Changes[0].Data, StringComparison.Ordinal);
        Assert.Contains("\"value\":298", last.Changes[1].Data, StringComparison.Ordinal);
        Assert.Contains("\"value\":299", last.Changes[2].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertChanged_NotCoalesced_SentWithoutWaitingForTheInterval()
    {
        var ct = TestContext.Current.CancellationToken;
        await server.AddStationAsync("R-C-10", "azabu");
        await using var client = await server.ConnectAsync(token: null);
        Assert.True((await client.SubscribeAsync("public", ct)).Accepted);
        await client.WaitForSnapshotAsync("public", Timeout, ct);

        server.Sensors.Publish(new AlertChanged(new AlertTransition("R-C-10", "rain_1h", 0, 2, "非常に激しい雨", 3, 55, server.Time!.GetUtcNow())));

        await Wait.UntilAsync(() => client.Model("public").Find(SituationKinds.SensorAlert, "R-C-10/rain_1h") is not null, Timeout, () => "the alert");
        Assert.Contains("\"stage\":2", client.Model("public").Find(SituationKinds.SensorAlert, "R-C-10/rain_1h"), StringComparison.Ordinal);
    }

    private sealed record SituationDeltaProbe(long Seq, List<(string Id, string? Data)> Changes);
}
