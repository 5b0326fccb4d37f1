using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using Minato.Testing;

namespace Minato.Live.Tests.Infrastructure;

/// <summary>
/// Two server nodes on loopback sharing one database, one private redis-server (situation bus + SignalR backplane)
/// and one private Mosquitto that splits the readings between the nodes' ingests ($share/minato/...).
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string IngestPassword = "ingest-secret";
    public static readonly string[] Stations = ["R-NODE-01", "R-NODE-02"];
    private ExternalProcess? _redis;
    private ExternalProcess? _mosquitto;
    private TestDatabase? _db;

    public Node A { get; private set; } = null!;

    public Node B { get; private set; } = null!;

    public TestDatabase Database => _db!;

    public int MqttPort => _mosquitto!.Port;

    public static string StationPassword(string id) => "pw-" + id;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        foreach (var id in Stations)
        {
            await using var cmd = _db.DataSource.CreateCommand(
                "INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, interval_s, rain_1h_mm, geom) " +
                "VALUES ($1, 'rain', $1, $1, 'shiba', 600, '{30,50,80}', ST_SetSRID(ST_MakePoint(139.75, 35.65), 6668))");
            cmd.Parameters.AddWithValue(id);
            await cmd.ExecuteNonQueryAsync();
        }

        var redisDir = System.IO.Directory.CreateTempSubdirectory("minato-redis-").FullName;
        var redisPort = LiveServer.FreePort();
        _redis = await ExternalProcess.StartAsync("/usr/bin/redis-server", redisDir, redisPort,
            "--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDir);

        var mqttDir = System.IO.Directory.CreateTempSubdirectory("minato-mosquitto-").FullName;
        var mqttPort = LiveServer.FreePort();
        var passwd = Path.Combine(mqttDir, "passwd");
        await RunAsync("/usr/bin/mosquitto_passwd", "-c", "-b", passwd, "minato-ingest", IngestPassword);
        foreach (var id in Stations)
        {
            await RunAsync("/usr/bin/mosquitto_passwd", "-b", passwd, id, StationPassword(id));
        }

        await File.WriteAllTextAsync(Path.Combine(mqttDir, "acl"), "user minato-ingest\ntopic read minato/v1/#\n\npattern write minato/v1/+/%u\n");
        await File.WriteAllTextAsync(Path.Combine(mqttDir, "mosquitto.conf"),
            $"user root\nlistener {mqttPort} 127.0.0.1\nallow_anonymous false\npassword_file {passwd}\nacl_file {Path.Combine(mqttDir, "acl")}\n" +
            "persistence false\nmax_queued_messages 1000000\n");
        _mosquitto = await ExternalProcess.StartAsync("/usr/sbin/mosquitto", mqttDir, mqttPort, "-c", Path.Combine(mqttDir, "mosquitto.conf"));

        A = new Node("a", _db.ConnectionString, $"127.0.0.1:{redisPort}", mqttPort);
        B = new Node("b", _db.ConnectionString, $"127.0.0.1:{redisPort}", mqttPort);
        _ = A.BaseAddress;
        _ = B.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        if (!File.Exists(file))
        {
            TestEnvironment.Unavailable($"{file} is not installed");
        }

        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} failed: {await p.StandardError.ReadToEndAsync()}");
    }

    /// <summary>One node: the real host on Kestrel, external broker with a shared subscription, Redis bus and backplane.</summary>
    public sealed class Node : WebApplicationFactory<Program>
    {
        private readonly Dictionary<string, string?> _settings;

        public Node(string name, string connectionString, string redis, int mqttPort)
        {
            Name = name;
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            _settings = new(StringComparer.Ordinal)
            {
                ["MINATO_DB"] = connectionString,
                ["Minato:Auth:SigningKey"] = Minato.Testing.TestEnvironment.SigningKey,
                ["Minato:PublicRequestsPerSecond"] = "100000",
                ["Minato:PublicBurst"] = "1000000",
                ["Minato:Live:Redis"] = redis,
                ["Minato:Live:CoalesceIntervalMs"] = "0",
                ["Minato:Sensors:Broker:Embedded"] = "false",
                ["Minato:Sensors:Ingest:Host"] = "127.0.0.1",
                ["Minato:Sensors:Ingest:Port"] = mqttPort.ToString(CultureInfo.InvariantCulture),
                ["Minato:Sensors:Ingest:Username"] = "minato-ingest",
                ["Minato:Sensors:Ingest:Password"] = IngestPassword,
                ["Minato:Sensors:Ingest:ClientId"] = "minato-ingest-" + name,
                ["Minato:Sensors:Ingest:SharedGroup"] = "minato",
            };
        }

        public string Name { get; }

        public string BaseAddress
        {
            get
            {
                StartServer();
                var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                return addresses.First().TrimEnd('/');
            }
        }

        public Uri HubUrl => new(BaseAddress + "/hubs/situation");

        public SituationState State => Services.GetRequiredService<SituationState>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
