using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Minato.Bench.Harness;
using Minato.Gis.Database;
using Minato.MapClient;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench live [--clients 500] [--seconds 10] [--coalesce-ms 25]</c>: MQTT publish → SignalR receipt latency
/// (p50/p99) through the real server (embedded broker, ingest, derivation, situation, hub) with hundreds of clients in
/// mixed scopes and protocols, at 1,000 and 5,000 readings/s; beside it, in the same phases on the same server, the raw
/// MQTT publish→subscribe latency of the same broker and a bare SignalR echo (Ping) round trip. A reading counts as
/// received when a probe client first holds its station at that observation time or later (coalescing may merge it).
/// </summary>
public sealed class LiveBench : IBench
{
    private const int Stations = 50;
    private static readonly string[] Districts = ["shiba", "azabu", "akasaka", "takanawa", "shibaura-konan"];

    public string Name => "live";

    public string Description =>
        "live map: MQTT→SignalR p50/p99 with 500 clients at 1,000 and 5,000 readings/s vs raw MQTT and SignalR echo";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clientCount = IntArg(context, "--clients", 500);
        var seconds = IntArg(context, "--seconds", 10);
        var coalesceMs = IntArg(context, "--coalesce-ms", 25);
        // 500 clients' receive loops, 50 station publishers and the probes share this process: without enough pool threads
        // ready, the baselines measured here (raw MQTT, echo) would time thread-pool starvation instead of the network.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 256), Math.Max(io, 256));

        var stations = Enumerable.Range(0, Stations).Select(i => new Station(
            $"L-R-{i:000}", StationKind.Rain, $"ライブ {i}", $"Live {i}", Districts[i % Districts.Length], null, null, 600,
            139.73 + i * 1e-4, 35.65, Station.DefaultRain1hMm, Station.DefaultRain24hMm)).ToList();
        await using (var db = GisDataSource.Create(context.ConnectionString))
        {
            await ResetAsync(db, cancellationToken);
            await new StationStore(db).UpsertAsync([.. stations.Select(s => (s, (string?)Secret(s)))], cancellationToken);
        }

        // The broker: Debian's Mosquitto, as DESIGN.md deploys it (the server's ingest subscribes to it), so the broker's
        // per-message work is Mosquitto's, not the embedded MQTTnet broker's inside the server under test. Without
        // Mosquitto the bench falls back to the embedded broker.
        const string ingestUser = "minato-ingest";
        var ingestPassword = "bench-" + Guid.NewGuid().ToString("N");
        await using var mosquitto = MosquittoProcess.IsInstalled
            ? await MosquittoProcess.StartAsync([(ingestUser, ingestPassword), .. stations.Select(s => (s.Id, Secret(s)))],
                cancellationToken)
            : null;
        var mqttPort = mosquitto?.Port ?? FreePort();
        var port = mqttPort.ToString(CultureInfo.InvariantCulture);
        BenchContext.Log(mosquitto is null ? "broker: the embedded MQTTnet broker (mosquitto is not installed)"
            : $"broker: Mosquitto on port {port}");
        await using var server = await ServerProcess.StartAsync(context, new Dictionary<string, string>
        {
            ["Minato__Live__CoalesceIntervalMs"] = coalesceMs.ToString(CultureInfo.InvariantCulture),
            // Every bench client comes from 127.0.0.1: lift the per-address cap on anonymous (public) connections.
            ["Minato__Live__MaxAnonymousPerAddress"] = clientCount.ToString(CultureInfo.InvariantCulture),
            ["Minato__Sensors__Broker__Embedded"] = (mosquitto is null).ToString(),
            ["Minato__Sensors__Broker__Port"] = port,
            ["Minato__Sensors__Ingest__Port"] = port,
            ["Minato__Sensors__Ingest__Username"] = ingestUser,
            ["Minato__Sensors__Ingest__Password"] = ingestPassword,
        }, cancellationToken);
        var hubUrl = new Uri(server.BaseAddress, "/hubs/situation");

        BenchContext.Log($"connecting {clientCount} SignalR clients (hq / districts / public, JSON and MessagePack)");
        var tokens = new Dictionary<string, string?> { ["hq"] = await TokenAsync(context, "--role", "hq"), ["public"] = null };
        foreach (var d in Districts)
        {
            tokens["district:" + d] = await TokenAsync(context, "--role", "district", "--district", d);
        }

        var probes = new List<Probe>();
        var clients = new List<SituationClient>();
        var lean = new List<LeanHubClient>();
        try
        {
            for (var i = 0; i < clientCount; i++)
            {
                // 10 % hq, 70 % district HQs and evacuation-centre tablets by district, 20 % public.
                var scope = ScopeOf(i);
                if (i % 100 is not (0 or 3 or 9))
                {
                    var load = new LeanHubClient();
                    lean.Add(load);
                    await load.StartAsync(hubUrl, scope, tokens[scope], cancellationToken);
                    continue;
                }

                // The probes (3 in every 100: hq, a district, public; JSON and MessagePack) are full .NET clients.
                var client = new SituationClient(new SituationClientOptions
                {
                    HubUrl = hubUrl,
                    AccessTokenProvider = tokens[scope] is { } t ? () => Task.FromResult<string?>(t) : null,
                    Protocol = i % 2 == 0 ? LiveProtocol.Json : LiveProtocol.MessagePack,
                });
                clients.Add(client);
                await client.StartAsync(cancellationToken);
                if ((await client.SubscribeAsync(scope, cancellationToken)) is { Accepted: false } refused)
                {
                    throw new InvalidOperationException($"{scope}: {refused.Error}");
                }

                probes.Add(new Probe(client, scope));
            }

            foreach (var p in probes)
            {
                await p.Client.WaitForSnapshotAsync(p.Scope, TimeSpan.FromSeconds(60), cancellationToken);
            }

            foreach (var l in lean)
            {
                await l.WaitForSnapshotAsync(TimeSpan.FromSeconds(60), cancellationToken);
            }

            await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", mqttPort, stations.Select(s => (s, Secret(s))),
                cancellationToken);
            using var raw = await RawSubscriberAsync(mqttPort, ingestPassword, cancellationToken);
            await using var echo = new SituationClient(new SituationClientOptions { HubUrl = hubUrl });
            await echo.StartAsync(cancellationToken);

            var origin = TimeProvider.System.GetUtcNow().AddHours(-2);
            // Long enough for tiered JIT to settle in the server and here: the first phase must not time compilation.
            BenchContext.Log("warm-up: 1,000 readings/s for 8 s");
            await RunPhaseAsync(stations, publisher, raw, echo, probes, 1_000, TimeSpan.FromSeconds(8), origin, cancellationToken);
            var results = new List<BenchResult>();
            var gapsBefore = clients.Sum(c => c.Gaps) + lean.Sum(c => c.Gaps);
            var resyncsBefore = clients.Sum(c => c.Resyncs) + lean.Sum(c => c.Resyncs);
            PhaseResult? at1000 = null;
            foreach (var rate in new[] { 1_000, 5_000 })
            {
                origin = origin.AddMinutes(10);
                BenchContext.Log($"phase: {rate:N0} readings/s for {seconds} s, {clientCount} clients, coalescing {coalesceMs} ms");
                var cpu = CpuMeter.Start(new Dictionary<int, string> { [server.ProcessId] = "server" });
                var r = await RunPhaseAsync(stations, publisher, raw, echo, probes, rate, TimeSpan.FromSeconds(seconds), origin,
                    cancellationToken);
                var used = cpu.Stop();
                BenchContext.Log("  " + used.DescribeCores());
                BenchContext.Log("  " + used.DescribePerItem(r.Sent, "reading published"));
                BenchContext.Log($"  ours p50 {r.Ours.P50:0.0} p99 {r.Ours.P99:0.0} ms ({r.Ours.Count:N0} receipts, {r.Missing} readings " +
                    $"never seen); " +
                    $"raw MQTT p50 {r.Mqtt.P50:0.0} p99 {r.Mqtt.P99:0.0} ms; SignalR echo p50 {r.Echo.P50:0.0} p99 {r.Echo.P99:0.0} ms; " +
                        $"sent {r.Sent:N0}");
                if (rate == 1_000)
                {
                    at1000 = r;
                    var bound = r.Mqtt.P99 + r.Echo.P99 + 50;
                    results.Add(new BenchResult("MQTT→SignalR p50 @ 1,000/s", "ms", Round(r.Ours.P50), Round(r.Mqtt.P50 + r.Echo.P50),
                        null, "—", true));
                    results.Add(new BenchResult("MQTT→SignalR p99 @ 1,000/s", "ms", Round(r.Ours.P99), Round(bound),
                        Round(r.Ours.P99 / bound),
                        "≤ raw MQTT p99 + echo p99 + 50 ms", r.Ours.P99 <= bound && r.Missing == 0));
                }
                else
                {
                    results.Add(new BenchResult("MQTT→SignalR p50 @ 5,000/s", "ms", Round(r.Ours.P50), Round(r.Mqtt.P50 + r.Echo.P50),
                        null, "—", true));
                    results.Add(new BenchResult("MQTT→SignalR p99 @ 5,000/s", "ms", Round(r.Ours.P99), 250, Round(r.Ours.P99 / 250),
                        "≤ 250 ms",
                        r.Ours.P99 <= 250 && r.Missing == 0));
                }

                results.Add(new BenchResult($"raw MQTT pub→sub p99 @ {rate:N0}/s", "ms", Round(r.Mqtt.P99), null, null, "baseline",
                    true));
                results.Add(new BenchResult($"bare SignalR echo p99 @ {rate:N0}/s", "ms", Round(r.Echo.P99), null, null, "baseline", true));
                results.Add(new BenchResult($"readings published @ {rate:N0}/s", "readings/s", Math.Round(r.Sent / (double)seconds), rate,
                    null, "≥ 95 % of the rate",
                    r.Sent >= rate * seconds * 0.95));
            }

            var gaps = clients.Sum(c => c.Gaps) + lean.Sum(c => c.Gaps) - gapsBefore;
            var resyncs = clients.Sum(c => c.Resyncs) + lean.Sum(c => c.Resyncs) - resyncsBefore;
            BenchContext.Log($"deltas received by the {lean.Count} load clients: {lean.Sum(c => c.Deltas):N0}");
            BenchContext.Log($"gaps {gaps}, resyncs {resyncs} over {clientCount} clients");
            results.Add(new BenchResult("sequence gaps seen by clients", "gaps", gaps, null, null, "0", gaps == 0));
            results.Add(new BenchResult("resyncs (client fell behind)", "resyncs", resyncs, null, null, "—", true));
            _ = at1000;
            return results;
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }

            foreach (var c in lean)
            {
                await c.DisposeAsync();
            }

            await using var db = GisDataSource.Create(context.ConnectionString);
            await ResetAsync(db, CancellationToken.None);
        }
    }

    private static string ScopeOf(int i) => (i % 10) switch
    {
        0 => "hq",
        8 or 9 => "public",
        _ => "district:" + Districts[i % Districts.Length],
    };

    private static async Task<PhaseResult> RunPhaseAsync(
        List<Station> stations, SimulationPublisher publisher, RawSubscriber raw, SituationClient echo, List<Probe> probes,
        int rate, TimeSpan duration, DateTimeOffset origin, CancellationToken cancellationToken)
    {
        var perStation = rate / stations.Count;
        var step = TimeSpan.FromMilliseconds(1000.0 / perStation);
        var maxK = (int)(duration.TotalSeconds * perStation) + 1;
        var published = stations.ToDictionary(s => s.Id, _ => new long[maxK]);
        var phase = new Phase(origin, step, published);
        raw.Begin(phase);
        foreach (var p in probes)
        {
            p.Begin(phase);
        }

        var echoes = new ConcurrentBag<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var echoLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                await echo.PingAsync(t0, stop.Token);
                echoes.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                await Task.Delay(5, stop.Token);
            }
        }, stop.Token);

        var sent = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(stations.Select((s, index) => Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(step);
            await Task.Delay(TimeSpan.FromMilliseconds(step.TotalMilliseconds * index / stations.Count), cancellationToken);
            // Publishes are not awaited one by one (QoS 1 acks overlap), so a slow ack does not lower the offered rate.
            var inFlight = new List<Task>();
            for (var k = 0; k < maxK && clock.Elapsed < duration; k++)
            {
                await timer.WaitForNextTickAsync(cancellationToken);
                published[s.Id][k] = Stopwatch.GetTimestamp();
                inFlight.Add(Count(publisher.PublishAsync(s.Id, phase.At(k), 0.5 + (k % 10) * 0.1, cancellationToken)));
            }

            await Task.WhenAll(inFlight);
        }, cancellationToken)));

        async Task Count(Task<bool> publish)
        {
            if (await publish)
            {
                Interlocked.Increment(ref sent);
            }
        }

        // Let the tail drain (bounded), then stop measuring.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(10) && probes.Any(p => p.Pending(phase) > 0))
        {
            await Task.Delay(50, cancellationToken);
        }

        await stop.CancelAsync();
        try
        {
            await echoLoop;
        }
        catch (OperationCanceledException)
        {
        }

        var ours = Stats.Of(probes.SelectMany(p => p.Latencies));
        var missing = probes.Sum(p => p.Pending(phase));
        return new PhaseResult(ours, Stats.Of(raw.Latencies), Stats.Of(echoes), sent, missing);
    }

    private static async Task<RawSubscriber> RawSubscriberAsync(int port, string password, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var raw = new RawSubscriber(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            raw.OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("bench-raw-" + Guid.NewGuid().ToString("N")[..6]).WithCredentials("minato-ingest", password).WithCleanStart(true)
            .Build(), cancellationToken);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic("minato/v1/rain/+").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build(),
                cancellationToken);
        return raw;
    }

    internal static async Task<string> TokenAsync(BenchContext context, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(context.ServerDll)! };
        psi.ArgumentList.Add(context.ServerDll);
        psi.ArgumentList.Add("token");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var token = (await p.StandardOutput.ReadToEndAsync()).Trim();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? token
            : throw new InvalidOperationException("minato token failed: " + await p.StandardError.ReadToEndAsync());
    }

    private static async Task ResetAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "DELETE FROM sensors.observations WHERE station_id LIKE 'L-R-%'; DELETE FROM sensors.stations WHERE id LIKE 'L-R-%';");
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static int IntArg(BenchContext context, string name, int fallback)
    {
        var i = context.Arguments.ToList().IndexOf(name);
        return i >= 0 && i + 1 < context.Arguments.Count && int.TryParse(context.Arguments[i + 1], out var v) ? v : fallback;
    }

    private static double Round(double v) => Math.Round(v, 1);

    private static string Secret(Station s) => "bench-" + s.Id;

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>One measurement phase: readings of station s number k are observed at origin + k·step.</summary>
    private sealed record Phase(DateTimeOffset Origin, TimeSpan Step, Dictionary<string, long[]> Published)
    {
        public DateTimeOffset At(int k) => Origin + Step * k;

        /// <summary>The reading number of an observation time (−1 outside this phase).</summary>
        public int K(DateTimeOffset at)
        {
            var k = (int)Math.Round((at - Origin) / Step);
            return k >= 0 && k < Published.First().Value.Length ? k : -1;
        }
    }

    private sealed record PhaseResult(Stats Ours, Stats Mqtt, Stats Echo, long Sent, long Missing);

    private sealed record Stats(double P50, double P99, int Count)
    {
        public static Stats Of(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return new Stats(Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length);
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>A client whose receipts are timed: for each station, every reading up to the newest one it now holds.</summary>
    private sealed class Probe
    {
        private readonly Lock _lock = new();
        private Phase? _phase;
        private Dictionary<string, int> _next = [];

        public Probe(SituationClient client, string scope)
        {
            Client = client;
            Scope = scope;
            client.DeltaApplied += d => Receive(d.Changes.Select(c => c.Data));
            client.SnapshotApplied += s => Receive(s.Entities.Select(c => c.Data));
        }

        public string Scope { get; }

        public SituationClient Client { get; }

        public ConcurrentBag<double> Latencies { get; private set; } = [];

        public void Begin(Phase phase)
        {
            lock (_lock)
            {
                _phase = phase;
                _next = [];
                Latencies = [];
            }
        }

        /// <summary>Readings published for stations of this scope that the probe has not seen yet.</summary>
        public long Pending(Phase phase)
        {
            lock (_lock)
            {
                long pending = 0;
                foreach (var (station, times) in phase.Published)
                {
                    if (_next.TryGetValue(station, out var next) || Sees(station))
                    {
                        pending += times.Skip(next).Count(t => t != 0);
                    }
                }

                return pending;
            }
        }

        private bool Sees(string station) =>
            Scope is "hq" or "public" || Districts[int.Parse(station[4..], CultureInfo.InvariantCulture) % Districts.Length] == Scope[9..];

        private void Receive(IEnumerable<string?> data)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (_phase is null)
                {
                    return;
                }

                foreach (var json in data)
                {
                    if (json is null || !json.Contains("\"L-R-", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    using var doc = JsonDocument.Parse(json);
                    var station = doc.RootElement.GetProperty("id").GetString()!;
                    var k = _phase.K(doc.RootElement.GetProperty("observedAt").GetDateTimeOffset());
                    if (k < 0 || !_phase.Published.TryGetValue(station, out var times))
                    {
                        continue;
                    }

                    var next = _next.GetValueOrDefault(station);
                    for (; next <= k; next++)
                    {
                        if (times[next] != 0)
                        {
                            Latencies.Add(Stopwatch.GetElapsedTime(times[next], now).TotalMilliseconds);
                        }
                    }

                    _next[station] = next;
                }
            }
        }
    }

    /// <summary>The raw baseline: a plain MQTT subscriber on the same broker, timing each reading's arrival.</summary>
    private sealed class RawSubscriber(IMqttClient client) : IDisposable
    {
        private Phase? _phase;

        public ConcurrentBag<double> Latencies { get; private set; } = [];

        public void Begin(Phase phase)
        {
            Latencies = [];
            _phase = phase;
        }

        public void OnMessage(string topic, string payload)
        {
            var now = Stopwatch.GetTimestamp();
            if (_phase is not { } phase)
            {
                return;
            }

            var station = topic[(topic.LastIndexOf('/') + 1)..];
            using var doc = JsonDocument.Parse(payload);
            var bt = doc.RootElement[0].GetProperty("bt").GetDouble();
            var k = phase.K(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(bt * 1000)));
            if (k >= 0 && phase.Published.TryGetValue(station, out var times) && times[k] != 0)
            {
                Latencies.Add(Stopwatch.GetElapsedTime(times[k], now).TotalMilliseconds);
            }
        }

        public void Dispose() => client.Dispose();
    }
}
