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
    public const string IngestPassword = MosquittoBroker.IngestPassword;
    public static readonly string[] Stations = ["R-NODE-01", "R-NODE-02"];
    private RedisServer? _redis;
    private MosquittoBroker? _mosquitto;
    private TestDatabase? _db;

    public Node A { get; private set; } = null!;

    public Node B { get; private set; } = null!;

    public TestDatabase Database => _db!;

    public int MqttPort => _mosquitto!.Port;

    public static string StationPassword(string id) => MosquittoBroker.StationPassword(id);

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

        _redis = await RedisServer.StartAsync();
        _mosquitto = await MosquittoBroker.StartAsync(Stations);

        A = new Node("a", _db.ConnectionString, _redis.Endpoint, _mosquitto.Port);
        B = new Node("b", _db.ConnectionString, _redis.Endpoint, _mosquitto.Port);
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

    /// <summary>One node: the real host on Kestrel, external broker with a shared subscription, Redis bus and backplane.</summary>
    public sealed class Node : WebApplicationFactory<Program>
    {
        private readonly Dictionary<string, string?> _settings;

        public Node(string name, string connectionString, string redis, int mqttPort)
        {
            Name = name;
            this.ListenOnLoopback();
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

        public string BaseAddress => this.LoopbackAddress();

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
