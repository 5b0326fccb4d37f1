using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Situation;
using Minato.MapClient;
using Minato.Sensors.Alerts;
using Minato.Server.Security;
using Minato.Testing;

namespace Minato.Live.Tests.Infrastructure;

/// <summary>
/// The real host on a real Kestrel loopback port with a test database of its own, for real SignalR clients over
/// WebSockets. Subclasses set <see cref="Settings"/> and <see cref="Time"/> in their constructor. One per test class.
/// </summary>
public class LiveServer : MinatoApiFactory
{
    public LiveServer()
    {
        this.ListenOnLoopback();
        // Each host runs its own embedded MQTT broker: a port of its own, and the ingest connects to it.
        BrokerPort = FreePort.Next();
        var mqttPort = BrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Minato:Sensors:Broker:Port"] = mqttPort;
        Settings["Minato:Sensors:Ingest:Port"] = mqttPort;
    }

    /// <summary>Port of this host's embedded MQTT broker on 127.0.0.1.</summary>
    public int BrokerPort { get; }

    /// <summary>Configuration overrides (e.g. <c>Minato:Live:CoalesceIntervalMs</c>).</summary>
    protected Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal) { ["Minato:Live:CoalesceIntervalMs"] = "0" };

    /// <summary>A fake clock for the host, or null for the system clock.</summary>
    public FakeTimeProvider? Time { get; protected init; }

    public string BaseAddress => this.LoopbackAddress();

    public Uri HubUrl => new(BaseAddress + "/hubs/situation");

    public SituationState State => Services.GetRequiredService<SituationState>();

    public SensorEventHub Sensors => Services.GetRequiredService<SensorEventHub>();

    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("test-" + role, role, district, shelter));

    /// <summary>A started client; <paramref name="token"/> null = anonymous.</summary>
    public async Task<SituationClient> ConnectAsync(
        string? token, LiveProtocol protocol = LiveProtocol.Json, Uri? hubUrl = null, bool skipNegotiation = false)
    {
        var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = hubUrl ?? HubUrl,
            AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token),
            Protocol = protocol,
            SkipNegotiation = skipNegotiation,
        });
        await client.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>Inserts a rain gauge into <c>sensors.stations</c>.</summary>
    public async Task AddStationAsync(string id, string? district)
    {
        await using var cmd = Database.DataSource.CreateCommand(
            "INSERT INTO sensors.stations (id, kind, name_ja, name_en, district, interval_s, rain_1h_mm, geom) " +
            "VALUES ($1, 'rain', $1, $1, $2, 60, '{30,50,80}', ST_SetSRID(ST_MakePoint(139.74, 35.65), 6668))");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue((object?)district ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time));
        }
    }
}
