using System.Collections.Concurrent;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Alerts;
using Minato.Server.Security;
using Minato.Testing;

namespace Minato.Live.Tests.Hub;

/// <summary>
/// A scripted storm through the real in-process sensor stream, the real host and real SignalR clients over WebSockets
/// (JSON and MessagePack): every client's model ends equal to the server's state, even across a forced disconnect.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LiveStormTests(LiveServer server) : IClassFixture<LiveServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Stations = ["R-SHIBA-01", "R-SHIBA-02", "R-AZABU-01", "R-AKASAKA-01", "R-WARD-01"];
    private static readonly string?[] Districts = ["shiba", "shiba", "azabu", "akasaka", null];

    // Observation times only move forward across storms: an older reading never replaces a newer one (by design).
    private static DateTimeOffset _at = TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task Storm_ClientsInMixedScopesAndProtocols_ModelsEqualServerState()
    {
        await EnsureStationsAsync();
        var ct = TestContext.Current.CancellationToken;
        var hq = await server.ConnectAsync(server.Token(MinatoClaims.Hq));
        var shiba = await server.ConnectAsync(server.Token(MinatoClaims.DistrictRole, district: "shiba"), LiveProtocol.MessagePack);
        var pub = await server.ConnectAsync(token: null);
        await using (hq)
        await using (shiba)
        await using (pub)
        {
            Assert.True((await hq.SubscribeAsync("hq", ct)).Accepted);
            Assert.True((await shiba.SubscribeAsync("district:shiba", ct)).Accepted);
            Assert.True((await pub.SubscribeAsync("public", ct)).Accepted);
            foreach (var (c, s) in new[] { (hq, "hq"), (shiba, "district:shiba"), (pub, "public") })
            {
                await c.WaitForSnapshotAsync(s, Timeout, ct);
            }

            var marker = RunStorm(seed: 1, events: 3000);

            await AssertConvergedAsync(hq, "hq", marker);
            await AssertConvergedAsync(shiba, "district:shiba", null);
            await AssertConvergedAsync(pub, "public", null);
            Assert.Contains(shiba.Model("district:shiba").Entities.Keys, k => k.Id == "R-SHIBA-01");
            Assert.DoesNotContain(shiba.Model("district:shiba").Entities.Keys, k => k.Id.StartsWith("R-AZABU", StringComparison.Ordinal));
            Assert.Equal(0, hq.Gaps);
        }
    }

    [Theory]
    [InlineData(false)] // negotiated, SignalR stateful reconnect (sticky sessions)
    [InlineData(true)] // WebSockets only, no negotiation: the client re-subscribes with stream + sequence
    public async Task Storm_ForcedDisconnectMidStream_NoMissingOrDuplicatedChange(bool skipNegotiation)
    {
        await EnsureStationsAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new TcpProxy(new Uri(server.BaseAddress).Port);
        await using var client = await server.ConnectAsync(
            server.Token(MinatoClaims.Hq), LiveProtocol.MessagePack, new Uri($"http://127.0.0.1:{proxy.Port}/hubs/situation"),
                skipNegotiation);
        var applied = new ConcurrentQueue<(string Stream, long Seq)>();
        client.DeltaApplied += d => applied.Enqueue((d.Stream, d.Seq));
        Assert.True((await client.SubscribeAsync("hq", ct)).Accepted);
        await client.WaitForSnapshotAsync("hq", Timeout, ct);
        var start = client.Model("hq").Seq;

        RunStorm(seed: 2, events: 1500);
        // Progress by deltas, or by a fresh snapshot when the burst outran the connection's buffer.
        await Wait.UntilAsync(() => client.Model("hq").Seq > start, Timeout, () => "the storm to reach the client");
        proxy.Cut();
        var marker = RunStorm(seed: 3, events: 1500);
        proxy.Cut();
        var last = RunStorm(seed: 4, events: 500);

        await AssertConvergedAsync(client, "hq", last);
        Assert.True(proxy.Accepted >= 2, $"the client never reconnected ({proxy.Accepted} connections)");
        if (skipNegotiation)
        {
            // No SignalR session to resume: a new connection that re-subscribed with its stream and sequence.
            Assert.True(client.Reconnects >= 1, "no reconnect was seen");
        }

        var seqs = applied.ToArray();
        Assert.Equal(seqs.Length, seqs.Distinct().Count());
        if (client.Snapshots == 1)
        {
            // Resumed without a fresh snapshot: every delta from the first snapshot on, each once, in order.
            Assert.Equal(Enumerable.Range((int)start + 1, seqs.Length).Select(i => (long)i), seqs.Select(s => s.Seq));
        }

        Assert.NotNull(marker);
    }

    private async Task EnsureStationsAsync()
    {
        if (await StationCountAsync() > 0) // added once per fixture (the JMA entity is in every state from the start)
        {
            return;
        }

        for (var i = 0; i < Stations.Length; i++)
        {
            await server.AddStationAsync(Stations[i], Districts[i]);
        }
    }

    private async Task<long> StationCountAsync()
    {
        await using var cmd = server.Database.DataSource.CreateCommand("SELECT count(*) FROM sensors.stations");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Publishes readings and alert transitions; returns the marker value of the last reading.</summary>
    private string RunStorm(int seed, int events)
    {
        var random = new Random(seed);
        var at = _at;
        double last = 0;
        for (var i = 0; i < events; i++)
        {
            var station = Stations[random.Next(Stations.Length)];
            at = at.AddSeconds(1);
            if (random.Next(8) == 0)
            {
                var stage = random.Next(0, 4);
                server.Sensors.Publish(new AlertChanged(new AlertTransition(station, "rain_1h", 0, stage, "stage" + stage,
                    stage == 0 ? null : stage, i, at)));
            }
            else
            {
                last = seed * 1_000_000 + i;
                server.Sensors.Publish(new StationUpdated(station, at, last, new Dictionary<string, double> { ["rain_1h"] = i % 90 }));
            }
        }

        // A final reading of a known station: when a client has it, the storm is through the pipeline.
        last = seed * 1_000_000 + events;
        server.Sensors.Publish(new StationUpdated("R-WARD-01", at.AddSeconds(1), last, new Dictionary<string, double>()));
        _at = at.AddSeconds(2);
        return last.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AssertConvergedAsync(SituationClient client, string scope, string? marker)
    {
        Assert.True(SituationScope.TryParse(scope, out var parsed));
        if (marker is not null)
        {
            await Wait.UntilAsync(
                () => server.State.Snapshot(parsed.Value)
                    .Entities.Any(e => e.Id == "R-WARD-01" && e.Data!.Contains(marker, StringComparison.Ordinal)),
                Timeout, () => "the storm to reach the server state");
        }

        await Wait.UntilAsync(() => client.Model(scope).Seq == server.State.Snapshot(parsed.Value).Seq, Timeout,
            () => $"{scope}: client at {client.Model(scope).Seq}, server at {server.State.Snapshot(parsed.Value).Seq} (gaps " +
                $"{client.Gaps}, resyncs {client.Resyncs})");
        var expected = server.State.Snapshot(parsed.Value);
        var (stream, seq, entities) = client.Model(scope).Read();
        Assert.Equal(expected.Stream, stream);
        Assert.Equal(expected.Seq, seq);
        Assert.Equal(expected.Entities.ToDictionary(e => new EntityId(e.Kind, e.Id), e => e.Data!), entities);
    }
}
