using Microsoft.Extensions.Logging.Abstractions;
using Minato.Gis.Database;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Npgsql;

namespace Minato.Sensors.Tests.Infrastructure;

/// <summary>One MQTT ingest as the server runs it, against a given broker and database (possibly through a <see
/// cref="TcpProxy"/>).</summary>
internal sealed class IngestHarness : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IngestMetrics _metrics = new();
    private bool _started;

    public IngestHarness(string connectionString, int brokerPort, IEnumerable<Station> stations, Action<IngestOptions>? configure = null,
        TimeProvider? time = null)
    {
        Options = new IngestOptions
        {
            Port = brokerPort,
            Username = MosquittoBroker.IngestUser,
            Password = MosquittoBroker.IngestPassword,
            ClientId = "ingest-" + Guid.NewGuid().ToString("N")[..8],
            ReconnectMinDelayMs = 100,
            ReconnectMaxDelayMs = 1_000,
        };
        configure?.Invoke(Options);
        _dataSource = GisDataSource.Create(connectionString);
        var directory = new StationDirectory(stations);
        var clock = time ?? TimeProvider.System;
        Service = new MqttIngestService(Options, new ObservationWriter(_dataSource), new MessageValidator(directory, clock, Options.Limits),
            _metrics, clock, NullLogger<MqttIngestService>.Instance);
    }

    public IngestOptions Options { get; }

    public MqttIngestService Service { get; }

    public IngestMetrics Metrics => _metrics;

    public async Task StartAsync()
    {
        await Service.StartAsync(CancellationToken.None);
        _started = true;
        await Wait.UntilAsync(() => Service.IsConnected, TimeSpan.FromSeconds(20), "the ingest to connect");
    }

    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Service.StopAsync(cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Service.Dispose();
        _metrics.Dispose();
        await _dataSource.DisposeAsync();
    }
}
