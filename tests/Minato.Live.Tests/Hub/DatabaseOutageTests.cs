using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Sensors.Ingest;
using Minato.Server.Security;
using Minato.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Npgsql;

namespace Minato.Live.Tests.Hub;

/// <summary>
/// A PostgreSQL outage as the server sees it (a TCP proxy between them, cut with connections reset and new ones refused)
/// while stations publish through a real Mosquitto and a live client is connected. The server's clock is a fake one the
/// test drives past every timer in the server (the idempotency purge's hour is the longest) while the database is away.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DatabaseOutageTests
{
    private const string IngestPassword = MosquittoBroker.IngestPassword;
    private const int Before = 10;
    private const int During = 20;
    private static readonly string[] Stations = ["R-OUT-01", "R-OUT-02", "R-OUT-03"];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Server_DatabaseCutLongerThanEveryTimer_KeepsRunningStoresEveryPubackedReadingOnceAndLiveEndsEqual()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(ct);
        foreach (var id in Stations)
        {
            await using var cmd = db.DataSource.CreateCommand(
                "INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, interval_s, rain_1h_mm, geom) " +
                "VALUES ($1, 'rain', $1, $1, 'shiba', 600, '{30,50,80}', ST_SetSRID(ST_MakePoint(139.75, 35.65), 6668))");
            cmd.Parameters.AddWithValue(id);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using var mosquitto = await MosquittoBroker.StartAsync(Stations);
        var pg = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = new TcpProxy(pg.Host!, pg.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(db.ConnectionString)
        {
            Host = "127.0.0.1", Port = proxy.Port, Timeout = 3, CommandTimeout = 10,
        }.ConnectionString;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = new Node(viaProxy, mosquitto.Port, time);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseAddress) };
        var ingest = server.Services.GetRequiredService<MqttIngestService>();
        var lifetime = server.Services.GetRequiredService<IHostApplicationLifetime>();
        await WaitAsync(async () => ingest.IsConnected && (await http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.OK,
            () => "the server to be ready and the ingest connected");

        var token = server.Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("hq-outage", MinatoClaims.Hq));
        await using var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = new Uri(server.BaseAddress + "/hubs/situation"), AccessTokenProvider = () => Task.FromResult<string?>(token),
        });
        await client.StartAsync(ct);
        Assert.True((await client.SubscribeAsync("hq", ct)).Accepted);
        await client.WaitForSnapshotAsync("hq", Timeout, ct);

        var publishers = new List<IMqttClient>();
        foreach (var id in Stations)
        {
            publishers.Add(await ConnectStationAsync(mosquitto.Port, id, ct));
        }

        var at = time.GetUtcNow().AddDays(-1);
        await PublishAsync(publishers, at, 0, Before, ct);
        await WaitAsync(async () => await CountAsync(db, ct) == Before * Stations.Length, () => "the readings before the outage");

        proxy.Cut(refuseNew: true);
        // Every one of these is PUBACKed by Mosquitto (asserted in PublishAsync): the server must store each once.
        await PublishAsync(publishers, at, Before, During, ct);
        // Past every timer in the server with the database away: expiry (30 s), escalation, alert checks, back-offs, the
        // idempotency purge (1 h). Real time passes too, so each service meets the cut database on its own schedule.
        for (var minute = 0; minute < 90; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(30, ct);
        }

        await WaitAsync(async () => (await http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.ServiceUnavailable,
            () => "/healthz to report the outage");
        var health = await http.GetAsync("/healthz", ct);
        Assert.Equal("application/problem+json", health.Content.Headers.ContentType?.MediaType);
        Assert.Contains("database unreachable", await health.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(Before * Stations.Length, await CountAsync(db, ct)); // nothing could be written …
        AssertStillRunning(server, lifetime); // … and nothing gave up
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, client.State);

        proxy.Restore();
        using var pump = new CancellationTokenSource();
        var pumping = PumpAsync(time, pump.Token); // retries and timers wait on the fake clock
        try
        {
            var total = (Before + During) * Stations.Length;
            await WaitAsync(async () => await CountAsync(db, ct) == total, async () => $"{total} rows (have {await CountAsync(db, ct)})");
            // (A float sum depends on the order PostgreSQL adds the rows in: compared within a millionth.)
            await using (var cmd = db.DataSource.CreateCommand(
                "SELECT count(*) = count(DISTINCT (station_id, observed_at)) AND abs(sum(value) - $1) < 1e-6 FROM sensors.observations"))
            {
                cmd.Parameters.AddWithValue(ExpectedSum());
                Assert.True((bool)(await cmd.ExecuteScalarAsync(ct))!, "every reading stored once, with its value");
            }

            await WaitAsync(async () => (await http.GetAsync("/healthz", ct)).StatusCode == HttpStatusCode.OK, () => "/healthz 200 again");
            string? difference = null;
            await WaitAsync(async () => (difference = Compare(client.Model("hq"), await http.GetStringAsync("/api/stations", ct))) is null,
                () => $"the live client to equal /api/stations: {difference}");
        }
        finally
        {
            await pump.CancelAsync();
            await pumping;
        }

        AssertStillRunning(server, lifetime);
        Assert.Equal(0, client.Reconnects); // the hub kept its connection through the outage
        Assert.Equal(0, client.Gaps);
        foreach (var p in publishers)
        {
            p.Dispose();
        }
    }

    private static void AssertStillRunning(Node server, IHostApplicationLifetime lifetime)
    {
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");
        foreach (var s in server.Services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            Assert.False(s.ExecuteTask is { IsFaulted: true }, $"{s.GetType().Name} failed: {s.ExecuteTask?.Exception}");
        }
    }

    /// <summary>Null when every station's latest reading, derived values and raised alerts on the client are the database's.</summary>
    private static string? Compare(SituationModel model, string stationsJson)
    {
        using var doc = JsonDocument.Parse(stationsJson);
        var expectedAlerts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var id = f.GetProperty("id").GetString()!;
            var p = f.GetProperty("properties");
            var live = model.Find(SituationKinds.Station, id);
            if (live is null || p.GetProperty("latest").ValueKind != JsonValueKind.Object)
            {
                return $"{id}: live {live ?? "missing"}, database {p.GetProperty("latest")}";
            }

            var l = JsonDocument.Parse(live).RootElement;
            var latest = p.GetProperty("latest");
            if (l.GetProperty("value").GetDouble() != latest.GetProperty("value").GetDouble()
                || l.GetProperty("observedAt").GetDateTimeOffset() != latest.GetProperty("observed_at").GetDateTimeOffset())
            {
                return $"{id}: live {live}, database {latest}";
            }

            foreach (var d in p.GetProperty("derived").EnumerateObject())
            {
                if (!l.TryGetProperty("derived", out var ld) || ld.ValueKind != JsonValueKind.Object
                    || !ld.TryGetProperty(d.Name, out var v) || Math.Abs(v.GetDouble() - d.Value.GetDouble()) > 1e-9)
                {
                    return $"{id}: derived {d.Name} live {live}, database {p.GetProperty("derived")}";
                }
            }

            foreach (var a in p.GetProperty("alerts").EnumerateArray())
            {
                expectedAlerts.Add($"{id}/{a.GetProperty("measure").GetString()}:{a.GetProperty("stage").GetInt32()}");
            }
        }

        var (_, _, entities) = model.Read();
        var liveAlerts = new SortedSet<string>(
            entities.Where(kv => kv.Key.Kind == SituationKinds.SensorAlert)
                .Select(kv => $"{kv.Key.Id}:{JsonDocument.Parse(kv.Value).RootElement.GetProperty("stage").GetInt32()}"),
            StringComparer.Ordinal);
        return liveAlerts.SetEquals(expectedAlerts)
            ? null : $"alerts live [{string.Join(' ', liveAlerts)}], database [{string.Join(' ', expectedAlerts)}]";
    }

    private static double Value(int station, int i) => Math.Round(station + i * 0.1, 1);

    private static double ExpectedSum() =>
        Enumerable.Range(0, Stations.Length).Sum(s => Enumerable.Range(0, Before + During).Sum(i => Value(s, i)));

    private static async Task PublishAsync(List<IMqttClient> publishers, DateTimeOffset at, int from, int count, CancellationToken ct)
    {
        for (var i = from; i < from + count; i++)
        {
            for (var s = 0; s < Stations.Length; s++)
            {
                var bt = at.AddMinutes(i * 10).ToUnixTimeSeconds();
                var payload = string.Create(CultureInfo.InvariantCulture,
                    $"[{{\"bn\":\"urn:dev:minato:{Stations[s]}:\",\"bt\":{bt},\"n\":\"rain\",\"u\":\"mm\",\"v\":{Value(s, i)}}}]");
                var result = await publishers[s].PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"minato/v1/rain/{Stations[s]}")
                    .WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
                Assert.True(result.IsSuccess, $"PUBACK {result.ReasonCode}");
            }
        }
    }

    private static async Task<long> CountAsync(TestDatabase db, CancellationToken ct)
    {
        await using var cmd = db.DataSource.CreateCommand("SELECT count(*) FROM sensors.observations");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task PumpAsync(FakeTimeProvider time, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what) =>
        await WaitAsync(condition, () => Task.FromResult(what()));

    private static Task WaitAsync(Func<Task<bool>> condition, Func<Task<string>> what) =>
        Wait.UntilAsync(async () =>
        {
            try
            {
                return await condition();
            }
            catch (HttpRequestException)
            {
                return false; // the server is not answering yet
            }
        }, Timeout, what);

    private static async Task<IMqttClient> ConnectStationAsync(int port, string station, CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("pub-" + station)
            .WithCredentials(station, "pw-" + station)
            .WithCleanStart(true)
            .Build(), ct);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>The real host on Kestrel: database through the proxy, the external Mosquitto, the test's clock.</summary>
    private sealed class Node : WebApplicationFactory<Program>
    {
        private readonly string _connectionString;
        private readonly int _mqttPort;
        private readonly FakeTimeProvider _time;

        public Node(string connectionString, int mqttPort, FakeTimeProvider time)
        {
            _connectionString = connectionString;
            _mqttPort = mqttPort;
            _time = time;
            this.ListenOnLoopback();
        }

        public string BaseAddress => this.LoopbackAddress();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["MINATO_DB"] = _connectionString,
                ["Minato:PublicRequestsPerSecond"] = "100000",
                ["Minato:PublicBurst"] = "1000000",
                ["Minato:Live:CoalesceIntervalMs"] = "0",
                ["Minato:Sensors:Broker:Embedded"] = "false",
                ["Minato:Sensors:Ingest:Host"] = "127.0.0.1",
                ["Minato:Sensors:Ingest:Port"] = _mqttPort.ToString(CultureInfo.InvariantCulture),
                ["Minato:Sensors:Ingest:Username"] = "minato-ingest",
                ["Minato:Sensors:Ingest:Password"] = IngestPassword,
                ["Minato:Sensors:Ingest:ClientId"] = "minato-ingest-outage-" + Guid.NewGuid().ToString("N")[..6],
            };
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time));
        }
    }
}
