using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Minato.Bench.Harness;
using Minato.Gis.Database;
using Minato.Sensors.Broker;
using Minato.Sensors.Ingest;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench ingest</c>: readings per second from MQTT (QoS 1, 100 stations; the embedded broker, then Mosquitto) to committed rows,
/// counted in the database, against raw Npgsql binary COPY of the same rows; then publish-to-commit latency p50/p99 at a
/// fixed 2,000 readings/s. Runs the broker and the ingest in this process, as the server composes them.
/// </summary>
public sealed class IngestBench : IBench
{
    private const int Stations = 100;
    private const int SustainedMessages = 100_000;
    private const int RatePerSecond = 2_000;
    private static readonly TimeSpan LatencyPhase = TimeSpan.FromSeconds(15);

    public string Name => "ingest";

    public string Description => "MQTT ingest: sustained readings/s to committed rows vs raw binary COPY; p50/p99 latency at 2,000/s";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var db = GisDataSource.Create(context.ConnectionString);
        var stations = Enumerable.Range(0, Stations).Select(i => new Station(
            $"B-R-{i:000}", StationKind.Rain, $"ベンチ {i}", $"Bench {i}", null, null, null, 600, 139.74 + i * 1e-4, 35.65,
            Station.DefaultRain1hMm, Station.DefaultRain24hMm)).ToList();
        await ResetAsync(db, cancellationToken);
        await new StationRepository(db).UpsertAsync([.. stations.Select(s => (s, (string?)Secret(s)))], cancellationToken);

        var port = FreePort();
        var ingestOptions = new IngestOptions
        {
            Port = port, Password = "bench-" + Guid.NewGuid().ToString("N"), ClientId = "bench-ingest",
            BatchSize = 5_000, BufferCapacity = 50_000, ReceiveMaximum = 65_535, WriteConcurrency = 2,
        };
        using var broker = new EmbeddedBroker(new BrokerOptions { Port = port }, ingestOptions, new StationRepository(db), NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(cancellationToken);
        using var metrics = new IngestMetrics();
        var directory = new StationDirectory(stations);
        using var ingest = new MqttIngestService(ingestOptions, new ObservationWriter(db),
            new MessageValidator(directory, TimeProvider.System, ingestOptions.Limits), metrics, TimeProvider.System, NullLogger<MqttIngestService>.Instance);
        await ingest.StartAsync(cancellationToken);
        while (!ingest.IsConnected)
        {
            await Task.Delay(50, cancellationToken);
        }

        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", port, stations.Select(s => (s, Secret(s))), cancellationToken);
        var origin = TimeProvider.System.GetUtcNow().AddDays(-20);

        // 1. Sustained: every station publishes its share as fast as the broker acknowledges (QoS 1), all stations at once:
        //    one reading per message from the lean load generator (256 in flight per station) and from the MQTTnet client
        //    the simulator uses (32 in flight), then SenML packs of 10 readings. The embedded MQTTnet broker first (the
        //    demo's), then Mosquitto (production's, DESIGN.md) with the drain of a backlog.
        var (ours, stored) = await SustainedLeanAsync(db, ingest, port, stations, origin.AddDays(-2), cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);
        var (oursMqttnet, storedMqttnet) = await SustainedAsync(db, ingest, publisher, stations, origin, 1, cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);
        var (oursPacked, storedPacked) = await SustainedAsync(db, ingest, publisher, stations, origin.AddDays(2), PackSize, cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);

        // 2. Baseline: the same rows by raw binary COPY into the same table (after emptying it).
        await ResetObservationsAsync(db, cancellationToken);
        var (oursMosquitto, storedMosquitto, drain, drained) = await SustainedViaMosquittoAsync(db, stations, ingestOptions, origin.AddDays(3), cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);
        var copy = await CopyRateAsync(db, stations, origin, cancellationToken);
        BenchContext.Log($"baseline: binary COPY {copy:N0} rows/s");

        // 3. Latency at a fixed 2,000 readings/s: each station publishes 20/s on its own clock; latency = commit − publish.
        var started = new ConcurrentDictionary<(string, long), long>();
        var latencies = new ConcurrentBag<double>();
        ingest.Committed += batch =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var r in batch.Readings)
            {
                if (started.TryRemove((r.StationId, r.ObservedAt.ToUnixTimeMilliseconds()), out var t0))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(t0, now).TotalMilliseconds);
                }
            }
        };
        var perStation = RatePerSecond / Stations;
        var latencyOrigin = origin.AddDays(5);
        BenchContext.Log($"latency: {RatePerSecond}/s for {LatencyPhase.TotalSeconds} s");
        var phase = Stopwatch.StartNew();
        await Task.WhenAll(stations.Select((s, index) => Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / perStation));
            await Task.Delay(index * 1000 / perStation / Stations, cancellationToken); // spread the stations over the tick
            for (var k = 0; phase.Elapsed < LatencyPhase; k++)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
                var at = latencyOrigin.AddMilliseconds(k * 100);
                started[(s.Id, at.ToUnixTimeMilliseconds())] = Stopwatch.GetTimestamp();
                await publisher.PublishAsync(s.Id, at, 0.5, cancellationToken);
            }
        }, cancellationToken)));
        var sent = (long)(RatePerSecond * LatencyPhase.TotalSeconds);
        var deadline = Stopwatch.StartNew();
        while (!started.IsEmpty && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, cancellationToken);
        }

        var sorted = latencies.Order().ToArray();
        var p50 = Percentile(sorted, 0.50);
        var p99 = Percentile(sorted, 0.99);
        var lost = started.Count;
        BenchContext.Log($"latency: {sorted.Length:N0} readings (~{sent:N0} scheduled), p50 {p50:0.0} ms, p99 {p99:0.0} ms, unconfirmed {lost}");

        await ingest.StopAsync(CancellationToken.None);
        await broker.StopAsync(CancellationToken.None);
        await ResetAsync(db, cancellationToken);
        return
        [
            BenchResult.AtLeast("sustained MQTT→committed via Mosquitto 2 (1 reading/message)", "readings/s", Math.Round(oursMosquitto), Math.Round(copy), 0,
                "≥ 50,000/s, zero loss") with { Pass = oursMosquitto >= 50_000 && storedMosquitto == SustainedMessages },
            BenchResult.AtLeast("ingest drain of a 100k backlog at Mosquitto (1/message)", "readings/s", Math.Round(drain), Math.Round(copy), 0,
                "≥ 50,000/s, zero loss") with { Pass = drain >= 50_000 && drained == SustainedMessages },
            BenchResult.AtLeast($"sustained, SenML packs of {PackSize} readings (embedded broker)", "readings/s", Math.Round(oursPacked), Math.Round(copy), 0,
                "≥ 50,000/s, zero loss") with { Pass = oursPacked >= 50_000 && storedPacked == SustainedMessages },
            new BenchResult("sustained, embedded MQTTnet broker (1 reading/message)", "readings/s", Math.Round(ours), Math.Round(copy), null,
                "demo broker: zero loss", stored == SustainedMessages),
            new BenchResult("  the same from the MQTTnet client (load-generator cost)", "readings/s", Math.Round(oursMqttnet), null, null, "zero loss",
                storedMqttnet == SustainedMessages),
            new BenchResult("readings lost (sustained, all runs)", "readings", 5 * SustainedMessages - stored - storedMqttnet - storedPacked - storedMosquitto - drained, null, null, "0",
                stored + storedMqttnet + storedPacked + storedMosquitto + drained == 5 * SustainedMessages),
            new BenchResult("publish→commit latency p50 @ 2,000/s", "ms", Math.Round(p50, 1), null, null, "—", true),
            new BenchResult("publish→commit latency p99 @ 2,000/s", "ms", Math.Round(p99, 1), null, null, "≤ 100 ms", p99 <= 100 && lost == 0),
        ];
    }

    private static string Secret(Station s) => "bench-" + s.Id;

    /// <summary>
    /// The same sustained run with Debian's Mosquitto as the broker (the production set-up DESIGN.md names) instead of the
    /// embedded MQTTnet broker: the broker's per-message work then leaves this process. Skipped (rate 0) without Mosquitto.
    /// </summary>
    private static async Task<(double Rate, long Stored, double DrainRate, long Drained)> SustainedViaMosquittoAsync(
        NpgsqlDataSource db, List<Station> stations, IngestOptions embeddedOptions, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        if (!MosquittoProcess.IsInstalled)
        {
            BenchContext.Log("mosquitto is not installed: the Mosquitto run is skipped");
            return (0, 0, 0, 0);
        }

        const string ingestUser = "bench-ingest";
        var ingestPassword = "bench-" + Guid.NewGuid().ToString("N");
        await using var mosquitto = await MosquittoProcess.StartAsync(
            [(ingestUser, ingestPassword), .. stations.Select(s => (s.Id, Secret(s)))], cancellationToken);
        var options = new IngestOptions
        {
            Port = mosquitto.Port, Username = ingestUser, Password = ingestPassword, ClientId = "bench-ingest-mosquitto",
            BatchSize = embeddedOptions.BatchSize, BufferCapacity = embeddedOptions.BufferCapacity, ReceiveMaximum = embeddedOptions.ReceiveMaximum,
            WriteConcurrency = embeddedOptions.WriteConcurrency,
        };
        using var metrics = new IngestMetrics();
        using var ingest = new MqttIngestService(options, new ObservationWriter(db),
            new MessageValidator(new StationDirectory(stations), TimeProvider.System, options.Limits), metrics, TimeProvider.System, NullLogger<MqttIngestService>.Instance);
        await ingest.StartAsync(cancellationToken);
        while (!ingest.IsConnected)
        {
            await Task.Delay(50, cancellationToken);
        }

        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", mosquitto.Port, stations.Select(s => (s, Secret(s))), cancellationToken);
        BenchContext.Log($"Mosquitto on port {mosquitto.Port}:");
        var (rate, stored) = await SustainedLeanAsync(db, ingest, mosquitto.Port, stations, origin, cancellationToken);

        // Ingest capacity on its own: with the ingest stopped, its persistent session queues a backlog at the broker
        // (as during an ingest outage); then the ingest starts and the drain to committed rows is timed.
        await ingest.StopAsync(CancellationToken.None);
        await ResetObservationsAsync(db, cancellationToken);
        await using (var backlog = await LeanLoad.PrepareAsync(mosquitto.Port, stations, origin.AddDays(1), cancellationToken))
        {
            var published = CpuMeter.Start();
            await backlog.RunAsync(cancellationToken);
            BenchContext.Log("backlog published; " + published.Stop().Describe(SustainedMessages));
        }

        using var drainMetrics = new IngestMetrics();
        using var drainIngest = new MqttIngestService(options, new ObservationWriter(db),
            new MessageValidator(new StationDirectory(stations), TimeProvider.System, options.Limits), drainMetrics, TimeProvider.System, NullLogger<MqttIngestService>.Instance);
        var (drainRate, drained) = await MeasureAsync(db, drainIngest, origin.AddDays(1), "drain of the backlog", "ingest started",
            drainIngest.StartAsync, cancellationToken);
        await drainIngest.StopAsync(CancellationToken.None);
        return (rate, stored, drainRate, drained);
    }

    private const int PackSize = 10;

    /// <summary>
    /// Unacknowledged QoS 1 messages per station connection of the lean load generator (refilled in bursts of half). A
    /// station does not send 500 readings a second; 100 stations that must offer 50,000/s between them need a deep window.
    /// </summary>
    private const int Window = 256;

    /// <summary>
    /// The sustained run from <see cref="LeanMqttPublisher"/>: one connection per station, each publishing its share of
    /// one-reading SenML messages (made before the clock starts, as a load generator does) with a window in flight.
    /// </summary>
    private static async Task<(double Rate, long Stored)> SustainedLeanAsync(
        NpgsqlDataSource db, MqttIngestService ingest, int port, List<Station> stations, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        BenchContext.Log($"sustained: {SustainedMessages:N0} readings from {Stations} stations over MQTT QoS 1, 1 per message (lean load generator)");
        await using var load = await LeanLoad.PrepareAsync(port, stations, origin, cancellationToken);
        return await MeasureAsync(db, ingest, origin, "sustained", "published", load.RunAsync, cancellationToken);
    }

    /// <summary>
    /// Times one run: from <paramref name="start"/> (publishing, or starting an ingest on a backlog) to the commit that
    /// completes <see cref="SustainedMessages"/> rows (the ingest's own events), then counts the run's rows in the
    /// database and logs the rate and where the CPU went.
    /// </summary>
    private static async Task<(double Rate, long Stored)> MeasureAsync(
        NpgsqlDataSource db, MqttIngestService ingest, DateTimeOffset origin, string label, string startedWhat,
        Func<CancellationToken, Task> start, CancellationToken cancellationToken)
    {
        using var committed = new CommitCounter(ingest, SustainedMessages);
        var cpu = CpuMeter.Start();
        var sw = Stopwatch.StartNew();
        await start(cancellationToken);
        var started = sw.Elapsed;
        var elapsed = await committed.WaitAsync(sw, TimeSpan.FromMinutes(5), cancellationToken);
        var used = cpu.Stop();
        var stored = await CountAsync(db, origin, cancellationToken);
        var rate = stored / elapsed.TotalSeconds;
        BenchContext.Log($"{label}: {stored:N0} rows committed in {elapsed.TotalSeconds:0.00} s, {rate:N0}/s ({startedWhat} in {started.TotalSeconds:0.00} s)");
        BenchContext.Log("  " + used.Describe(SustainedMessages));
        return (rate, stored);
    }

    /// <summary>Every station's share of one-reading messages, ready to publish from one lean connection per station.</summary>
    private sealed class LeanLoad : IAsyncDisposable
    {
        private readonly List<LeanMqttPublisher> _publishers = [];
        private readonly List<IReadOnlyList<byte[]>> _payloads = [];

        public static async Task<LeanLoad> PrepareAsync(int port, List<Station> stations, DateTimeOffset origin, CancellationToken cancellationToken)
        {
            var load = new LeanLoad();
            var perStation = SustainedMessages / Stations;
            foreach (var s in stations)
            {
                load._publishers.Add(await LeanMqttPublisher.ConnectAsync(port, "bench-lean-" + s.Id, s.Id, Secret(s), SenmlWriter.Topic(s), cancellationToken));
                load._payloads.Add(Enumerable.Range(0, perStation)
                    .Select(k => System.Text.Encoding.UTF8.GetBytes(SenmlWriter.Payload(s, origin.AddSeconds(k), k % 7 * 0.5))).ToArray());
            }

            return load;
        }

        /// <summary>Publishes everything, all stations at once; throws unless the broker acknowledged every message with success.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var acked = await Task.WhenAll(_publishers.Select((p, i) => Task.Run(() => p.PublishAllAsync(_payloads[i], Window, cancellationToken), cancellationToken)));
            if (acked.Sum() != SustainedMessages)
            {
                throw new InvalidOperationException($"the broker acknowledged {acked.Sum()} of {SustainedMessages} messages with success");
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var p in _publishers)
            {
                await p.DisposeAsync();
            }
        }
    }

    private static async Task<(double Rate, long Stored)> SustainedAsync(
        NpgsqlDataSource db, MqttIngestService ingest, SimulationPublisher publisher, List<Station> stations, DateTimeOffset origin, int pack, CancellationToken cancellationToken)
    {
        BenchContext.Log($"sustained: {SustainedMessages:N0} readings from {Stations} stations over MQTT QoS 1, {pack} per message (MQTTnet client)");
        var perStation = SustainedMessages / Stations;
        return await MeasureAsync(db, ingest, origin, "sustained", "published", ct => Task.WhenAll(stations.Select(s => Task.Run(async () =>
        {
            using var inFlight = new SemaphoreSlim(32);
            var tasks = new List<Task>();
            for (var k = 0; k < perStation; k += pack)
            {
                await inFlight.WaitAsync(ct);
                var readings = Enumerable.Range(k, Math.Min(pack, perStation - k)).Select(j => (origin.AddSeconds(j), j % 7 * 0.5)).ToList();
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (!await publisher.PublishPackAsync(s.Id, readings, ct))
                        {
                            throw new InvalidOperationException("the broker refused a publish");
                        }
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }, ct));
            }

            await Task.WhenAll(tasks);
        }, ct))), cancellationToken);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<double> CopyRateAsync(NpgsqlDataSource db, List<Station> stations, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        var received = TimeProvider.System.GetUtcNow().UtcDateTime;
        var sw = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sensors.observations (station_id, observed_at, value, received_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var k = 0; k < SustainedMessages / Stations; k++)
            {
                foreach (var s in stations)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(s.Id, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(origin.AddSeconds(k).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                    await copy.WriteAsync(k % 7 * 0.5, NpgsqlDbType.Double, cancellationToken);
                    await copy.WriteAsync(received, NpgsqlDbType.TimestampTz, cancellationToken);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        return SustainedMessages / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Counts the rows the ingest reports committed (its own event, raised after each commit), so the end of a run is
    /// known without polling the table: a <c>count(*)</c> every few milliseconds would compete with the ingest for
    /// PostgreSQL's CPU. The rows are then counted once in the database, which is the figure reported.
    /// </summary>
    private sealed class CommitCounter : IDisposable
    {
        private readonly MqttIngestService _ingest;
        private readonly long _expected;
        private readonly TaskCompletionSource<long> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _inserted;
        private long _lastCommit;

        public CommitCounter(MqttIngestService ingest, long expected)
        {
            _ingest = ingest;
            _expected = expected;
            ingest.Committed += OnCommitted;
        }

        /// <summary>The time from <paramref name="clock"/>'s start to the commit that completed the expected rows (or the timeout).</summary>
        public async Task<TimeSpan> WaitAsync(Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                BenchContext.Log($"only {Interlocked.Read(ref _inserted):N0} of {_expected:N0} rows committed within {timeout}");
                return clock.Elapsed;
            }

            return clock.Elapsed - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastCommit));
        }

        public void Dispose() => _ingest.Committed -= OnCommitted;

        private void OnCommitted(CommittedBatch batch)
        {
            Interlocked.Exchange(ref _lastCommit, Stopwatch.GetTimestamp());
            if (Interlocked.Add(ref _inserted, batch.Result.Inserted) >= _expected)
            {
                _done.TrySetResult(batch.Result.Inserted);
            }
        }
    }

    /// <summary>
    /// The rows of one run (observation times from <paramref name="origin"/> on, each run has its own day). Rows of an
    /// earlier run that arrive after its reset (its last messages redelivered to the next session) are not this run's;
    /// they are reported, not counted.
    /// </summary>
    private static async Task<long> CountAsync(NpgsqlDataSource db, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT count(*) FILTER (WHERE observed_at >= $1 AND observed_at < $2), count(*) FROM sensors.observations WHERE station_id LIKE 'B-R-%'");
        cmd.Parameters.AddWithValue(origin.AddSeconds(-1).UtcDateTime); // SenML times are rounded to the millisecond
        cmd.Parameters.AddWithValue(origin.AddDays(1).UtcDateTime);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var (run, all) = (r.GetInt64(0), r.GetInt64(1));
        if (all > run)
        {
            BenchContext.Log($"  {all - run:N0} rows of an earlier run arrived after its reset (redelivered, stored once)");
        }

        return run;
    }

    private static async Task ResetObservationsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using (var cmd = db.CreateCommand("DELETE FROM sensors.observations WHERE station_id LIKE 'B-R-%'"))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var vacuum = db.CreateCommand("VACUUM sensors.observations");
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ResetAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await ResetObservationsAsync(db, cancellationToken);
        await using var cmd = db.CreateCommand(
            "DELETE FROM sensors.latest WHERE station_id LIKE 'B-R-%'; DELETE FROM sensors.alert_states WHERE station_id LIKE 'B-R-%'; " +
            "DELETE FROM sensors.stations WHERE id LIKE 'B-R-%'");
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
