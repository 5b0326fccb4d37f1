using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Minato.Bench.Harness;
using Minato.Gis.Database;
using Minato.Sensors.Broker;
using Minato.Sensors.Ingest;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench ingest</c>: readings per second from MQTT (QoS 1, 100 stations, one reading per message) to
/// committed rows, counted in the database, as a ratio to a baseline measured in the same run on the same broker: a bare
/// QoS 1 subscriber (<see cref="LeanMqttClient"/>: receive and PUBACK, nothing else) draining the same backlog. Through
/// Debian's Mosquitto (production's broker) and the embedded MQTTnet broker (the demo's). Beside them: the sustained
/// rate from the lean load generator, SenML packs, raw binary COPY, and publish-to-commit latency at 2,000 readings/s.
/// Every phase prints the CPU each process used per reading. Runs the ingest in this process, as the server composes it.
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
        await new StationStore(db).UpsertAsync([.. stations.Select(s => (s, (string?)Secret(s)))], cancellationToken);

        var port = FreePort();
        var ingestOptions = new IngestOptions
        {
            Port = port, Password = "bench-" + Guid.NewGuid().ToString("N"), ClientId = "bench-ingest",
            BatchSize = 5_000, BufferCapacity = 50_000, ReceiveMaximum = 65_535, WriteConcurrency = 2,
        };
        using var broker = new EmbeddedBroker(new BrokerOptions { Port = port }, ingestOptions, new StationStore(db),
            NullLogger<EmbeddedBroker>.Instance);
        await broker.StartAsync(cancellationToken);
        using var metrics = new IngestMetrics();
        var directory = new StationDirectory(stations);
        using var ingest = new MqttIngestService(ingestOptions, new ObservationWriter(db),
            new MessageValidator(directory, TimeProvider.System, ingestOptions.Limits), metrics, TimeProvider.System,
                NullLogger<MqttIngestService>.Instance);
        await ingest.StartAsync(cancellationToken);
        while (!ingest.IsConnected)
        {
            await Task.Delay(50, cancellationToken);
        }

        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", port, stations.Select(s => (s, Secret(s))),
            cancellationToken);
        var origin = TimeProvider.System.GetUtcNow().AddDays(-20);

        // 1. Sustained: every station publishes its share as fast as the broker acknowledges (QoS 1), all stations at once:
        //    one reading per message from the lean load generator (256 in flight per station) and from the MQTTnet client
        //    the simulator uses (32 in flight), then SenML packs of 10 readings. The embedded MQTTnet broker first (the
        //    demo's), then Mosquitto (production's, DESIGN.md) with the drain of a backlog.
        var (ours, stored) = await SustainedLeanAsync(db, ingest, port, stations, origin.AddDays(-2), cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);
        var (oursMqttnet, storedMqttnet) = await SustainedAsync(db, ingest, publisher, stations, origin, 1, cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);
        var (oursPacked, storedPacked) = await SustainedAsync(db, ingest, publisher, stations, origin.AddDays(2), PackSize,
            cancellationToken);
        await ResetObservationsAsync(db, cancellationToken);

        // 2. Baseline: the same rows by raw binary COPY into the same table (after emptying it).
        await ResetObservationsAsync(db, cancellationToken);
        var (oursMosquitto, storedMosquitto, mosquittoDrain) =
            await SustainedViaMosquittoAsync(db, stations, ingestOptions, origin.AddDays(3), cancellationToken);
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
        BenchContext.Log($"latency: {sorted.Length:N0} readings (~{sent:N0} scheduled), p50 {p50:0.0} ms, p99 {p99:0.0} ms, unconfirmed " +
            $"{lost}");

        // 4. The embedded broker's drain: the ingest's persistent session and a bare subscriber's queue the same backlog.
        await ingest.StopAsync(CancellationToken.None);
        BenchContext.Log("embedded MQTTnet broker:");
        var embeddedDrain = await CompareDrainsAsync(db, port, ingestOptions, stations, origin.AddDays(7), cancellationToken);
        await broker.StopAsync(CancellationToken.None);
        await ResetAsync(db, cancellationToken);
        var runs = new[] { stored, storedMqttnet, storedPacked, storedMosquitto, mosquittoDrain.Drained, embeddedDrain.Drained };
        return
        [
            mosquittoDrain.Result("ingest drain of a 100k backlog via Mosquitto 2 (1 reading/message)"),
            mosquittoDrain.MqttnetResult(),
            BenchResult.AtLeast("  sustained via Mosquitto 2, lean load generator", "readings/s", Math.Round(oursMosquitto),
                Math.Round(mosquittoDrain.Baseline), 0, "zero loss") with { Pass = storedMosquitto == SustainedMessages },
            embeddedDrain.Result("ingest drain of a 100k backlog via the embedded MQTTnet broker (1/message)"),
            embeddedDrain.MqttnetResult(),
            BenchResult.AtLeast("  sustained via the embedded broker, lean load generator", "readings/s", Math.Round(ours),
                Math.Round(embeddedDrain.Baseline), 0, "zero loss") with { Pass = stored == SustainedMessages },
            new BenchResult("  the same from the MQTTnet client (load-generator cost)", "readings/s", Math.Round(oursMqttnet), null, null,
                "zero loss",
                storedMqttnet == SustainedMessages),
            new BenchResult($"sustained, SenML packs of {PackSize} readings (embedded broker)", "readings/s", Math.Round(oursPacked),
                null, null, "zero loss", storedPacked == SustainedMessages),
            new BenchResult("raw binary COPY of the same rows (reference)", "rows/s", Math.Round(copy), null, null, "—", true),
            new BenchResult("readings lost (all runs, each counted until all arrived or 60 s passed)", "readings",
                runs.Length * SustainedMessages - runs.Sum(), null, null, "0", runs.Sum() == runs.Length * SustainedMessages),
            new BenchResult("publish→commit latency p50 @ 2,000/s", "ms", Math.Round(p50, 1), null, null, "—", true),
            new BenchResult("publish→commit latency p99 @ 2,000/s", "ms", Math.Round(p99, 1), null, null, "≤ 100 ms",
                p99 <= 100 && lost == 0),
        ];
    }

    private static string Secret(Station s) => "bench-" + s.Id;

    /// <summary>
    /// The same sustained run with Debian's Mosquitto as the broker (the production set-up DESIGN.md names) instead of the
    /// embedded MQTTnet broker: the broker's per-message work then leaves this process. Skipped (rate 0) without Mosquitto.
    /// </summary>
    private static async Task<(double Rate, long Stored, DrainComparison Drain)> SustainedViaMosquittoAsync(
        NpgsqlDataSource db, List<Station> stations, IngestOptions embeddedOptions, DateTimeOffset origin,
            CancellationToken cancellationToken)
    {
        if (!MosquittoProcess.IsInstalled)
        {
            BenchContext.Log("mosquitto is not installed: the Mosquitto run is skipped");
            return (0, 0, new DrainComparison(0, 0, 0, 0));
        }

        const string ingestUser = "bench-ingest";
        var ingestPassword = "bench-" + Guid.NewGuid().ToString("N");
        await using var mosquitto = await MosquittoProcess.StartAsync(
            [(ingestUser, ingestPassword), .. stations.Select(s => (s.Id, Secret(s)))], cancellationToken);
        var options = new IngestOptions
        {
            Port = mosquitto.Port, Username = ingestUser, Password = ingestPassword, ClientId = "bench-ingest-mosquitto",
            BatchSize = embeddedOptions.BatchSize, BufferCapacity = embeddedOptions.BufferCapacity,
                ReceiveMaximum = embeddedOptions.ReceiveMaximum,
            WriteConcurrency = embeddedOptions.WriteConcurrency,
        };
        using var metrics = new IngestMetrics();
        using var ingest = new MqttIngestService(options, new ObservationWriter(db),
            new MessageValidator(new StationDirectory(stations), TimeProvider.System, options.Limits), metrics, TimeProvider.System,
                NullLogger<MqttIngestService>.Instance);
        await ingest.StartAsync(cancellationToken);
        while (!ingest.IsConnected)
        {
            await Task.Delay(50, cancellationToken);
        }

        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", mosquitto.Port,
            stations.Select(s => (s, Secret(s))), cancellationToken);
        BenchContext.Log($"Mosquitto on port {mosquitto.Port}:");
        var (rate, stored) = await SustainedLeanAsync(db, ingest, mosquitto.Port, stations, origin, cancellationToken);

        await ingest.StopAsync(CancellationToken.None);
        var drain = await CompareDrainsAsync(db, mosquitto.Port, options, stations, origin.AddDays(1), cancellationToken);
        return (rate, stored, drain);
    }

    /// <summary>
    /// The ingest's drain rate; the bare lean subscriber's (the baseline) and the bare MQTTnet client's of the same backlog
    /// on the same broker; the rows stored.
    /// </summary>
    private sealed record DrainComparison(double Ours, double Baseline, double Mqttnet, long Drained)
    {
        /// <summary>The target line: ≥ 0.8× the bare subscriber, and every reading stored.</summary>
        public BenchResult Result(string metric)
        {
            var result = BenchResult.AtLeast(
                metric, "readings/s", Math.Round(Ours), Math.Round(Baseline), 0.8, "≥ 0.8× bare QoS 1 subscriber, zero loss");
            return Drained == SustainedMessages ? result : result with { Pass = false };
        }

        /// <summary>Beside the target: the ratio to a bare subscriber written with MQTTnet, the ingest's client library.</summary>
        public BenchResult MqttnetResult() =>
            BenchResult.AtLeast("  the same vs a bare MQTTnet-client subscriber (the ingest's library)", "readings/s", Math.Round(Ours),
                Math.Round(Mqttnet), 0, "(information)");
    }

    /// <summary>
    /// Ingest capacity against the broker's own: with the ingest stopped, its persistent session and a bare subscriber's
    /// (<see cref="LeanMqttClient"/>, the ingest's user and subscription) queue the same backlog at the broker (as during an
    /// ingest outage); then the bare subscriber drains it (receive and PUBACK only), then the ingest drains it to committed
    /// rows. The bare drain is the baseline: what the broker can deliver on this machine now.
    /// </summary>
    private static async Task<DrainComparison> CompareDrainsAsync(
        NpgsqlDataSource db, int port, IngestOptions options, List<Station> stations, DateTimeOffset origin,
        CancellationToken cancellationToken)
    {
        const string bareClient = "bench-bare-subscriber";
        await using (var bare = await LeanMqttClient.ConnectPersistentAsync(
            port, bareClient, options.Username, options.Password, cancellationToken))
        {
            await bare.SubscribeAsync("minato/v1/#", cancellationToken);
        }

        await MqttnetDrainAsync(port, options, 0, cancellationToken); // creates its session and subscription

        await ResetObservationsAsync(db, cancellationToken);
        await using (var backlog = await LeanLoad.PrepareAsync(port, stations, origin, cancellationToken))
        {
            var published = CpuMeter.Start();
            await backlog.RunAsync(cancellationToken);
            BenchContext.Log("  backlog published (queued three times: for the ingest and both bare subscribers); " +
                             published.Stop().Describe(SustainedMessages));
        }

        var cpu = CpuMeter.Start();
        var clock = Stopwatch.StartNew();
        long received;
        await using (var bare = await LeanMqttClient.ConnectPersistentAsync(
            port, bareClient, options.Username, options.Password, cancellationToken))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(5));
            received = await bare.DrainAsync(SustainedMessages, deadline.Token);
        }

        var bareElapsed = clock.Elapsed;
        var bareCpu = cpu.Stop();
        var baseline = received / bareElapsed.TotalSeconds;
        BenchContext.Log($"  bare QoS 1 subscriber: {received:N0} messages received and acknowledged in " +
                         $"{bareElapsed.TotalSeconds:0.00} s, {baseline:N0}/s");
        BenchContext.Log("    " + bareCpu.Describe(SustainedMessages)
            .Replace("this process", "bare subscriber (this process)", StringComparison.Ordinal));

        cpu = CpuMeter.Start();
        clock.Restart();
        var mqttnetReceived = await MqttnetDrainAsync(port, options, SustainedMessages, cancellationToken);
        var mqttnet = mqttnetReceived / clock.Elapsed.TotalSeconds;
        BenchContext.Log($"  bare MQTTnet-client subscriber: {mqttnetReceived:N0} messages in {clock.Elapsed.TotalSeconds:0.00} s, " +
                         $"{mqttnet:N0}/s");
        BenchContext.Log("    " + cpu.Stop().Describe(SustainedMessages)
            .Replace("this process", "MQTTnet subscriber (this process)", StringComparison.Ordinal));

        using var drainMetrics = new IngestMetrics();
        using var drainIngest = new MqttIngestService(options, new ObservationWriter(db),
            new MessageValidator(new StationDirectory(stations), TimeProvider.System, options.Limits), drainMetrics, TimeProvider.System,
            NullLogger<MqttIngestService>.Instance);
        var (drainRate, drained) = await MeasureAsync(db, drainIngest, origin, "  ingest drain of the backlog", "ingest started",
            drainIngest.StartAsync, cancellationToken);
        await drainIngest.StopAsync(CancellationToken.None);
        BenchContext.Log($"  ratio ingest / bare subscriber: {(baseline > 0 ? drainRate / baseline : 0):0.00}× (target ≥ 0.8×); " +
                         $"ingest / bare MQTTnet subscriber: {(mqttnet > 0 ? drainRate / mqttnet : 0):0.00}×");
        return new DrainComparison(drainRate, received == SustainedMessages ? baseline : 0,
            mqttnetReceived == SustainedMessages ? mqttnet : 0, drained);
    }

    /// <summary>
    /// A bare subscriber written with the MQTTnet client (the ingest's library; default channel, automatic PUBACK after
    /// each message, nothing else) on its own persistent session: receives <paramref name="count"/> messages (0: only
    /// creates the session and its subscription) and returns how many arrived within 5 minutes.
    /// </summary>
    private static async Task<long> MqttnetDrainAsync(int port, IngestOptions ingest, long count, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        long received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref received) == count)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("bench-bare-mqttnet")
            .WithCredentials(ingest.Username, ingest.Password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithReceiveMaximum((ushort)ingest.ReceiveMaximum)
            .Build();
        await client.ConnectAsync(options, cancellationToken);
        if (count == 0)
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic("minato/v1/#").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build(), cancellationToken);
        }
        else
        {
            try
            {
                await done.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            }
            catch (TimeoutException)
            {
                BenchContext.Log($"  the bare MQTTnet subscriber got {Interlocked.Read(ref received):N0} of {count:N0} within 5 minutes");
            }
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        return Interlocked.Read(ref received);
    }

    private const int PackSize = 10;

    /// <summary>
    /// Unacknowledged QoS 1 messages per station connection of the lean load generator (refilled in bursts of half). A
    /// station does not send 500 readings a second; 100 stations that must offer 50,000/s between them need a deep window.
    /// </summary>
    private const int Window = 256;

    /// <summary>
    /// The sustained run from <see cref="LeanMqttClient"/>: one connection per station, each publishing its share of
    /// one-reading SenML messages (made before the clock starts, as a load generator does) with a window in flight.
    /// </summary>
    private static async Task<(double Rate, long Stored)> SustainedLeanAsync(
        NpgsqlDataSource db, MqttIngestService ingest, int port, List<Station> stations, DateTimeOffset origin,
            CancellationToken cancellationToken)
    {
        BenchContext.Log($"sustained: {SustainedMessages:N0} readings from {Stations} stations over MQTT QoS 1, 1 per message (lean load " +
            $"generator)");
        await using var load = await LeanLoad.PrepareAsync(port, stations, origin, cancellationToken);
        return await MeasureAsync(db, ingest, origin, "sustained", "published", load.RunAsync, cancellationToken);
    }

    /// <summary>
    /// Times one run: from <paramref name="start"/> (publishing, or starting an ingest on a backlog) to the commit that
    /// completes <see cref="SustainedMessages"/> readings of this run (the ingest's own events), then counts the run's rows
    /// in the database until all are there or a deadline passes (so "lost" means lost, not late), and logs the rate and
    /// where the CPU went.
    /// </summary>
    private static async Task<(double Rate, long Stored)> MeasureAsync(
        NpgsqlDataSource db, MqttIngestService ingest, DateTimeOffset origin, string label, string startedWhat,
        Func<CancellationToken, Task> start, CancellationToken cancellationToken)
    {
        using var committed = new CommitCounter(ingest, SustainedMessages, origin);
        var cpu = CpuMeter.Start();
        var sw = Stopwatch.StartNew();
        await start(cancellationToken);
        var started = sw.Elapsed;
        await committed.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var used = cpu.Stop();
        var stored = await CountAsync(db, committed, origin, SustainedMessages, TimeSpan.FromSeconds(60), cancellationToken);
        var elapsed = committed.Elapsed(sw);
        var rate = stored / elapsed.TotalSeconds;
        BenchContext.Log($"{label}: {stored:N0} rows committed in {elapsed.TotalSeconds:0.00} s, {rate:N0}/s ({startedWhat} in " +
            $"{started.TotalSeconds:0.00} s)");
        BenchContext.Log("  " + used.Describe(SustainedMessages));
        return (rate, stored);
    }

    /// <summary>Every station's share of one-reading messages, ready to publish from one lean connection per station.</summary>
    private sealed class LeanLoad : IAsyncDisposable
    {
        private readonly List<LeanMqttClient> _publishers = [];
        private readonly List<IReadOnlyList<byte[]>> _payloads = [];

        public static async Task<LeanLoad> PrepareAsync(int port, List<Station> stations, DateTimeOffset origin,
            CancellationToken cancellationToken)
        {
            var load = new LeanLoad();
            var perStation = SustainedMessages / Stations;
            foreach (var s in stations)
            {
                load._publishers.Add(await LeanMqttClient.ConnectAsync(
                    port, "bench-lean-" + s.Id, s.Id, Secret(s), SenmlWriter.Topic(s), cancellationToken));
                load._payloads.Add(Enumerable.Range(0, perStation)
                    .Select(k => System.Text.Encoding.UTF8.GetBytes(SenmlWriter.Payload(s, origin.AddSeconds(k), k % 7 * 0.5))).ToArray());
            }

            return load;
        }

        /// <summary>Publishes everything, all stations at once; throws unless the broker acknowledged every message with success.</summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var acked = await Task.WhenAll(_publishers.Select((p, i) =>
                Task.Run(() => p.PublishAllAsync(_payloads[i], Window, cancellationToken), cancellationToken)));
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
        NpgsqlDataSource db, MqttIngestService ingest, SimulationPublisher publisher, List<Station> stations, DateTimeOffset origin,
            int pack, CancellationToken cancellationToken)
    {
        BenchContext.Log($"sustained: {SustainedMessages:N0} readings from {Stations} stations over MQTT QoS 1, {pack} per message " +
            $"(MQTTnet client)");
        var perStation = SustainedMessages / Stations;
        return await MeasureAsync(db, ingest, origin, "sustained", "published", ct => Task.WhenAll(stations.Select(s => Task.Run(async () =>
        {
            using var inFlight = new SemaphoreSlim(32);
            var tasks = new List<Task>();
            for (var k = 0; k < perStation; k += pack)
            {
                await inFlight.WaitAsync(ct);
                var readings = Enumerable.Range(k, Math.Min(pack, perStation - k)).Select(j => (origin.AddSeconds(j), j % 7 * 0.5))
                    .ToList();
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

    private static async Task<double> CopyRateAsync(NpgsqlDataSource db, List<Station> stations, DateTimeOffset origin,
        CancellationToken cancellationToken)
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
    /// Counts the readings of one run (observation times from <paramref name="origin"/> on, a day per run) that the
    /// ingest reports committed (its own event, raised after each commit), so the end of a run is known without polling
    /// the table: a <c>count(*)</c> every few milliseconds would compete with the ingest for PostgreSQL's CPU. Readings of
    /// an earlier run redelivered into this one are not counted. The rows are then counted in the database, which is the
    /// figure reported.
    /// </summary>
    private sealed class CommitCounter : IDisposable
    {
        private readonly MqttIngestService _ingest;
        private readonly long _expected;
        private readonly DateTimeOffset _from;
        private readonly DateTimeOffset _to;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _counted;
        private long _lastCommit = Stopwatch.GetTimestamp();
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CommitCounter(MqttIngestService ingest, long expected, DateTimeOffset origin)
        {
            _ingest = ingest;
            _expected = expected;
            (_from, _to) = RunWindow(origin);
            ingest.Committed += OnCommitted;
        }

        /// <summary>Waits until the run's readings are committed (or the timeout; the count in the database then tells).</summary>
        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                BenchContext.Log($"only {Interlocked.Read(ref _counted):N0} of {_expected:N0} readings committed within {timeout}");
            }
        }

        /// <summary>The time from <paramref name="clock"/>'s start to the last commit that held a reading of this run.</summary>
        public TimeSpan Elapsed(Stopwatch clock) => clock.Elapsed - Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastCommit));

        /// <summary>Completes at the next commit that holds a reading of this run (take it before looking at the database).</summary>
        public Task NextCommit => Volatile.Read(ref _next).Task;

        public void Dispose() => _ingest.Committed -= OnCommitted;

        private void OnCommitted(CommittedBatch batch)
        {
            var ours = batch.Readings.Count(r => r.ObservedAt >= _from && r.ObservedAt < _to);
            if (ours == 0)
            {
                return;
            }

            Interlocked.Exchange(ref _lastCommit, Stopwatch.GetTimestamp());
            Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (Interlocked.Add(ref _counted, ours) >= _expected)
            {
                _done.TrySetResult();
            }
        }
    }

    /// <summary>The observation times of the run from <paramref name="origin"/>: a day (SenML rounds times to the millisecond).</summary>
    private static (DateTimeOffset From, DateTimeOffset To) RunWindow(DateTimeOffset origin) => (origin.AddSeconds(-1), origin.AddDays(1));

    /// <summary>
    /// The rows of one run in the database, counted again after each further commit of the run until all
    /// <paramref name="expected"/> are there or <paramref name="wait"/> has passed: a reading still in flight is late, not
    /// lost. Rows of an earlier run that arrive after its reset (its last messages redelivered to the next session) are
    /// not this run's; they are reported, not counted.
    /// </summary>
    private static async Task<long> CountAsync(
        NpgsqlDataSource db, CommitCounter committed, DateTimeOffset origin, long expected, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var (from, to) = RunWindow(origin);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var next = committed.NextCommit; // taken before counting, so a commit in between is not missed
            await using var cmd = db.CreateCommand(
                "SELECT count(*) FILTER (WHERE observed_at >= $1 AND observed_at < $2), count(*) " +
                "FROM sensors.observations WHERE station_id LIKE 'B-R-%'");
            cmd.Parameters.AddWithValue(from.UtcDateTime);
            cmd.Parameters.AddWithValue(to.UtcDateTime);
            long run, all;
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                await r.ReadAsync(cancellationToken);
                (run, all) = (r.GetInt64(0), r.GetInt64(1));
            }

            if (run >= expected || waited.Elapsed > wait)
            {
                if (all > run)
                {
                    BenchContext.Log($"  {all - run:N0} rows of an earlier run arrived after its reset (redelivered, stored once)");
                }

                if (run < expected)
                {
                    BenchContext.Log($"  {expected - run:N0} readings of this run missing after waiting {wait.TotalSeconds:0} s: lost");
                }

                return run;
            }

            try
            {
                await next.WaitAsync(wait - waited.Elapsed, cancellationToken); // the next commit of the run, not a fixed sleep
            }
            catch (TimeoutException)
            {
                // the deadline: the next count is the last
            }
        }
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
