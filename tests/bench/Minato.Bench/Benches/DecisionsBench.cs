using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Minato.Bench.Harness;
using Minato.Gis.Database;
using Minato.Gis.Import;
using Minato.MapClient;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using Npgsql;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench decisions [--repeat 10]</c>: how soon the HQ's decision board (live kind <c>decisions</c>) changes after
/// a JMA message or a gauge stage change (issue 14's target: within 2 s), through the real server process. A full SignalR
/// client subscribed to the <c>hq</c> scope times, from the moment the input leaves this process: (1) a 土砂災害警戒情報
/// 発表 POSTed to the relay endpoint (<c>POST /api/jma/messages</c>, as hq) until the board carries its reason, then the 解除 until the reason
/// is gone (the moment a 町丁目 with an alert in force shows "may lower"), alternating <c>--repeat</c> times; (2) a river
/// reading over MQTT crossing 氾濫危険水位 until the board carries that gauge's reason (a fresh gauge each time: lowering a
/// stage waits out its dwell). The messages are the demo's DEMO ones (data/demo/jma, shipped in the repository), each
/// stamped with its own report time. Baseline in the same run: the bare SignalR echo (Ping) round trip on the same hub.
/// </summary>
public sealed partial class DecisionsBench : IBench
{
    private const string Landslide = "土砂災害警戒情報";
    private const string Danger = "氾濫危険水位";
    private const string StationPrefix = "D-G-";
    private const double TargetMs = 2_000;

    public string Name => "decisions";

    public string Description => "decision board: JMA message / gauge stage change → board change on the hq scope (target ≤ 2 s)";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repeat = Math.Max(1, LiveBench.IntArg(context, "--repeat", 10));
        var raise = await File.ReadAllTextAsync(Path.Combine(context.Root, "data", "demo", "jma", "0450_VXWW50.xml"), cancellationToken);
        var cancel = await File.ReadAllTextAsync(Path.Combine(context.Root, "data", "demo", "jma", "0720_VXWW50.xml"), cancellationToken);
        var gauges = Enumerable.Range(0, repeat + 1).Select(i => new Station($"{StationPrefix}{i:000}", StationKind.River, $"判断計測 {i}",
            $"Decision gauge {i}", "shiba", "古川", $"ベンチ{i}", 600, 139.74 + i * 1e-4, 35.64, RiverStagesM: [1, 2, 3, 4])).ToList();
        await using (var db = GisDataSource.Create(context.ConnectionString))
        {
            await ResetAsync(db, cancellationToken);
            await new StationStore(db).UpsertAsync([.. gauges.Select(s => (s, (string?)Secret(s)))], cancellationToken);
            // The board the HQ sees: the real 町丁目 and the demo's hazard areas (what ./minato demo loads), so every
            // recomputation overlaps the 117 町丁目 with the hazard areas as in operation, not an empty board.
            foreach (var (layer, file) in new[]
                     {
                         ("chome", Path.Combine(context.Root, "data", "minato", "chome", "estat_r2ka13103_minato_chome.geojson")),
                         ("hazard-areas", Path.Combine(context.Root, "data", "demo", "hazard-areas.geojson")),
                     })
            {
                var import = await new LayerImporter(db, TimeProvider.System).ImportAsync(layer, file,
                    new ImportOptions(), cancellationToken);
                BenchContext.Log($"{layer}: {import.Inserted} inserted, {import.Rejected} rejected from {Path.GetFileName(file)}");
            }
        }

        var mqttPort = LiveBench.FreePort();
        var port = mqttPort.ToString(CultureInfo.InvariantCulture);
        await using var server = await ServerProcess.StartAsync(context, new Dictionary<string, string>
        {
            ["Minato__Sensors__Broker__Embedded"] = "true",
            ["Minato__Sensors__Broker__Port"] = port,
            ["Minato__Sensors__Ingest__Port"] = port,
        }, cancellationToken);
        var hq = await LiveBench.TokenAsync(context, "--role", "hq");
        await using var board = new BoardWatch(new Uri(server.BaseAddress, "/hubs/situation"), hq);
        await board.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", hq); // hq may relay JMA too
        await using var publisher = await SimulationPublisher.ConnectAsync("127.0.0.1", mqttPort, gauges.Select(s => (s, Secret(s))),
            cancellationToken);
        await using var echo = new SituationClient(new SituationClientOptions { HubUrl = new Uri(server.BaseAddress, "/hubs/situation") });
        await echo.StartAsync(cancellationToken);

        // Each message its own report time, one second apart and in the past (in force now; never a duplicate by hash).
        var stamp = TimeProvider.System.GetUtcNow().AddHours(-1);
        var alertInForce = false;
        async Task<double> JmaAsync(string xml, bool present)
        {
            stamp = stamp.AddSeconds(1);
            var body = Stamp(xml, stamp);
            // With an alert in force over the raised 町丁目, the cancel counts when the board also says "may lower".
            return await board.TimeAsync(b => HasInput(b, "jma", Landslide, null) == present && (present || !alertInForce || MayLower(b)),
                async () =>
            {
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                using var response = await http.PostAsync(new Uri("/api/jma/messages", UriKind.Relative), content, cancellationToken);
                if ((int)response.StatusCode != 201)
                {
                    throw new InvalidOperationException($"POST /api/jma/messages answered {(int)response.StatusCode}: " +
                        await response.Content.ReadAsStringAsync(cancellationToken));
                }
            }, cancellationToken);
        }

        async Task<double> GaugeAsync(Station gauge) =>
            await board.TimeAsync(b => HasInput(b, "gauge", Danger, gauge.Id), async () =>
            {
                if (!await publisher.PublishAsync(gauge.Id, TimeProvider.System.GetUtcNow(), 4.3, cancellationToken))
                {
                    throw new InvalidOperationException($"{gauge.Id}: the broker refused the reading");
                }
            }, cancellationToken);

        // Warm-up (JIT, connection pools, the first board computation): one of each, not counted.
        BenchContext.Log("warm-up: one JMA raise/cancel and one gauge crossing; HQ issues the board's draft alert");
        await JmaAsync(raise, present: true);
        var alertId = await IssueDraftAsync(http, board.Last, cancellationToken);
        alertInForce = alertId is not null;
        await JmaAsync(cancel, present: false);
        await GaugeAsync(gauges[^1]);

        var raised = new List<double>();
        var lowered = new List<double>();
        var cpu = CpuMeter.Start(new Dictionary<int, string> { [server.ProcessId] = "server" });
        for (var i = 0; i < repeat; i++)
        {
            raised.Add(await JmaAsync(raise, present: true));
            lowered.Add(await JmaAsync(cancel, present: false));
        }

        var jmaCpu = cpu.Stop();
        var crossed = new List<double>();
        cpu = CpuMeter.Start(new Dictionary<int, string> { [server.ProcessId] = "server" });
        for (var i = 0; i < repeat; i++)
        {
            crossed.Add(await GaugeAsync(gauges[i]));
        }

        var gaugeCpu = cpu.Stop();
        var echoes = new List<double>();
        for (var i = 0; i < Math.Max(20, repeat); i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await echo.PingAsync(t0, cancellationToken);
            echoes.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        BenchContext.Log("JMA: " + jmaCpu.DescribePerItem(2L * repeat, "JMA message"));
        BenchContext.Log("gauge: " + gaugeCpu.DescribePerItem(repeat, "stage change"));
        var echoP50 = Percentile(echoes, 0.5);
        BenchContext.Log(string.Create(CultureInfo.InvariantCulture,
            $"JMA raise {Describe(raised)}; cancel {Describe(lowered)}; gauge {Describe(crossed)}; echo {Describe(echoes)}"));

        if (alertId is { } issued)
        {
            using var note = JsonContent("{\"note\":\"bench decisions: done\"}");
            using var cancelled = await http.PostAsync(new Uri($"/api/public-alerts/{issued}/cancel", UriKind.Relative), note,
                CancellationToken.None);
            BenchContext.Log($"the bench's alert {issued} cancelled: {(int)cancelled.StatusCode}");
        }

        await using (var db = GisDataSource.Create(context.ConnectionString))
        {
            await ResetAsync(db, CancellationToken.None);
        }

        var lowerWhat = alertInForce ? "JMA 解除 → reason gone, may lower" : "JMA 解除 → reason gone";
        return
        [
            .. Rows($"JMA {Landslide} 発表 → board", raised, echoP50),
            .. Rows(lowerWhat, lowered, echoP50),
            .. Rows($"gauge {Danger} (MQTT) → board", crossed, echoP50),
            new BenchResult("bare SignalR echo p50", "ms", Round(echoP50), null, null, "baseline", true),
        ];
    }

    private static IEnumerable<BenchResult> Rows(string what, List<double> ms, double echoP50)
    {
        var p50 = Percentile(ms, 0.5);
        var max = ms.Max();
        yield return new BenchResult($"{what} p50", "ms", Round(p50), Round(echoP50), Round(p50 / echoP50), "≤ 2,000 ms",
            p50 <= TargetMs);
        yield return new BenchResult($"{what} max", "ms", Round(max), Round(echoP50), Round(max / echoP50), "≤ 2,000 ms",
            max <= TargetMs);
    }

    private static bool MayLower(JsonElement board) =>
        board.TryGetProperty("districts", out var districts) && districts.EnumerateArray().Any(d => d.GetProperty("mayLower").GetBoolean());

    /// <summary>Issues (as HQ does with 「発令案を作成」) the first district draft of <paramref name="board"/>; its id, or null
    /// when the board drafts nothing (no 町丁目 in a landslide area here) — then "may lower" is not part of the figure.</summary>
    private static async Task<long?> IssueDraftAsync(HttpClient http, string? board, CancellationToken cancellationToken)
    {
        using var doc = board is null ? null : JsonDocument.Parse(board);
        var draft = doc?.RootElement.GetProperty("districts").EnumerateArray()
            .Select(d => d.GetProperty("draft")).FirstOrDefault(d => d.ValueKind == JsonValueKind.Object);
        if (draft is not { ValueKind: JsonValueKind.Object } request)
        {
            BenchContext.Log("the board drafts no alert (no 町丁目 in a landslide area): \"may lower\" is not measured");
            return null;
        }

        using var content = JsonContent(request.GetRawText());
        using var response = await http.PostAsync(new Uri("/api/public-alerts", UriKind.Relative), content, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode != 201)
        {
            BenchContext.Log($"issuing the board's draft answered {(int)response.StatusCode}: {answer}; \"may lower\" is not measured");
            return null;
        }

        using var issued = JsonDocument.Parse(answer);
        var id = issued.RootElement.GetProperty("id").GetInt64();
        BenchContext.Log($"HQ issued the board's draft as alert {id}");
        return id;
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static bool HasInput(JsonElement board, string source, string trigger, string? reference) =>
        board.TryGetProperty("inputs", out var inputs) && inputs.EnumerateArray().Any(i =>
            i.GetProperty("source").GetString() == source && i.GetProperty("trigger").GetString() == trigger
            && (reference is null || i.GetProperty("reference").GetString() == reference));

    private static async Task ResetAsync(NpgsqlDataSource db, CancellationToken cancellationToken) =>
        await db.ExecAsync($"""
            DELETE FROM sensors.observations WHERE station_id LIKE '{StationPrefix}%';
            DELETE FROM sensors.latest WHERE station_id LIKE '{StationPrefix}%';
            DELETE FROM sensors.alert_states WHERE station_id LIKE '{StationPrefix}%';
            DELETE FROM sensors.stations WHERE id LIKE '{StationPrefix}%';
            """, null, cancellationToken);

    /// <summary>The message with its times (Control/DateTime, Head/ReportDateTime, TargetDateTime) set to <paramref name="at"/>,
    /// as the demo player stamps them.</summary>
    private static string Stamp(string xml, DateTimeOffset at)
    {
        var jst = at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var utc = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        xml = Times().Replace(xml, m => $"<{m.Groups[1].Value}>{jst}</{m.Groups[1].Value}>");
        return ControlTime().Replace(xml, $"<DateTime>{utc}</DateTime>", 1);
    }

    [GeneratedRegex("<(ReportDateTime|TargetDateTime)>[^<]*</(?:ReportDateTime|TargetDateTime)>")]
    private static partial Regex Times();

    [GeneratedRegex("<DateTime>[^<]*</DateTime>")]
    private static partial Regex ControlTime();

    private static string Secret(Station s) => "bench-" + s.Id;

    private static double Round(double v) => Math.Round(v, 1);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Describe(List<double> ms) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(ms, 0.5):0.0} max {ms.Max():0.0} ms (n {ms.Count})");

    /// <summary>
    /// The HQ's view of the board: a full SignalR client on the hq scope that evaluates a condition on every
    /// <c>decisions</c> change and times the first change meeting it from just before the input is sent.
    /// </summary>
    private sealed class BoardWatch(Uri hubUrl, string token) : IAsyncDisposable
    {
        private readonly SituationClient _client = new(new SituationClientOptions
        {
            HubUrl = hubUrl, AccessTokenProvider = () => Task.FromResult<string?>(token),
        });

        private readonly Lock _lock = new();
        private (Func<JsonElement, bool> Condition, TaskCompletionSource<long> Done)? _waiting;

        /// <summary>The latest board received (JSON).</summary>
        public string? Last { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _client.DeltaApplied += d => Seen(d.Changes);
            await _client.StartAsync(cancellationToken);
            if (await _client.SubscribeAsync("hq", cancellationToken) is { Accepted: false } refused)
            {
                throw new InvalidOperationException($"hq: {refused.Error}");
            }

            await _client.WaitForSnapshotAsync("hq", TimeSpan.FromSeconds(60), cancellationToken);
        }

        /// <summary>Milliseconds from just before <paramref name="send"/> to the first board change meeting
        /// <paramref name="condition"/> (30 s at most).</summary>
        public async Task<double> TimeAsync(Func<JsonElement, bool> condition, Func<Task> send, CancellationToken cancellationToken)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _waiting = (condition, done);
            }

            var t0 = Stopwatch.GetTimestamp();
            await send();
            var at = await done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return Stopwatch.GetElapsedTime(t0, at).TotalMilliseconds;
        }

        private void Seen(IReadOnlyList<EntityChange> changes)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var change in changes.Where(c => c.Kind == "decisions" && c.Data is not null))
            {
                using var doc = JsonDocument.Parse(change.Data!);
                lock (_lock)
                {
                    Last = change.Data;
                    if (_waiting is { } w && w.Condition(doc.RootElement))
                    {
                        _waiting = null;
                        w.Done.TrySetResult(now);
                    }
                }
            }
        }

        public async ValueTask DisposeAsync() => await _client.DisposeAsync();
    }
}
