using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minato.Gis.Database;
using Minato.Gis.Resilience;
using Minato.Sensors.Alerts;
using Minato.Sensors.Broker;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Gis.Configuration;

namespace Minato.Sensors;

/// <summary>Registers telemetry: station directory, embedded broker, MQTT ingest, alert engine and the event hub.</summary>
public static partial class SensorServices
{
    public static IServiceCollection AddSensors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Bind<IngestOptions>(services);
        services.AddOptions<IngestOptions>()
            .PostConfigure<IOptions<BrokerOptions>>((o, broker) =>
            {
                // Broker and ingest live in one process: a random secret needs no configuration and never leaks.
                if (string.IsNullOrEmpty(o.Password) && broker.Value.Embedded)
                {
                    o.Password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
                }
            })
            .Validate(o => !string.IsNullOrEmpty(o.Password), "Minato:Sensors:Ingest:Password is required with an external broker");
        Bind<BrokerOptions>(services);
        Bind<AlertOptions>(services);

        services.TryAddSingleton<SensorEventHub>();
        services.AddSingleton<StationStore>();
        services.AddSingleton<StationImporter>();
        services.AddSingleton<StationDirectory>();
        services.AddSingleton(sp => new IngestMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ObservationWriter>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton(sp => new MessageValidator(
            sp.GetRequiredService<StationDirectory>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IngestOptions>().Limits));
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton(sp =>
        {
            var ingest = ActivatorUtilities.CreateInstance<MqttIngestService>(sp);
            ingest.Committed += sp.GetRequiredService<AlertEngine>().OnCommitted;
            return ingest;
        });

        // Order matters: stations are loaded before the broker authenticates and the ingest validates.
        services.AddHostedService<StationDirectoryLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertEngine>());
        if (ValidatedOptions.Read<IngestOptions>(configuration).Enabled)
        {
            services.AddHostedService<IngestRunner>();
        }

        return services;
    }

    private static void Bind<T>(IServiceCollection services)
        where T : class, IOptionsSection
    {
        services.AddValidatedOptions<T>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>
    /// Starts the ingest unless the embedded broker it should use could not start, once the station directory is loaded
    /// (until then every reading would be refused as from an unknown station). Start-up does not wait for it: the server
    /// starts while the database is down, and the broker keeps the readings in the ingest's session meanwhile.
    /// </summary>
    private sealed partial class IngestRunner(
        EmbeddedBroker broker, BrokerOptions brokerOptions, MqttIngestService ingest, StationDirectory directory,
        ILogger<IngestRunner> logger)
        : IHostedService, IDisposable
    {
        private CancellationTokenSource? _stopping;
        private Task _run = Task.CompletedTask;
        private bool _started;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (brokerOptions.Embedded && !broker.IsRunning)
            {
                LogSkipped();
                return Task.CompletedTask;
            }

            _stopping = new CancellationTokenSource();
            _run = StartWhenLoadedAsync(_stopping.Token);
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            // The host may stop twice (a failed start, then disposal): the second stop finds nothing to do.
            if (Interlocked.Exchange(ref _stopping, null) is not { } stopping)
            {
                return;
            }

            await stopping.CancelAsync();
            await _run;
            stopping.Dispose();
            if (_started)
            {
                await ingest.StopAsync(cancellationToken);
            }
        }

        public void Dispose() => Interlocked.Exchange(ref _stopping, null)?.Dispose();

        private async Task StartWhenLoadedAsync(CancellationToken cancellationToken)
        {
            try
            {
                await directory.Loaded.WaitAsync(cancellationToken);
                await ingest.StartAsync(cancellationToken);
                _started = true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stopped before the stations could be loaded: nothing was received, nothing to acknowledge
            }
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "MQTT ingest not started: the embedded broker is not running")]
        private partial void LogSkipped();
    }

    /// <summary>
    /// Loads the station directory once the database is ready, then again whenever <c>sensors.stations</c> changes (LISTEN
    /// on the layer change notification its trigger sends), and at least every minute: an imported station is known within
    /// milliseconds. A lost connection is retried with back-off (<see cref="ResilientLoop"/>); the last directory stays in use.
    /// </summary>
    private sealed partial class StationDirectoryLoader(
        StationDirectory directory, StationStore repository, Npgsql.NpgsqlDataSource dataSource, TimeProvider time,
        ILogger<StationDirectoryLoader> logger, DatabaseReadiness? readiness = null) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            ResilientLoop.RunAsync("loading the telemetry stations", ListenAsync, time, logger, stoppingToken);

        private async Task ListenAsync(CancellationToken cancellationToken)
        {
            if (readiness is not null)
            {
                await readiness.WaitAsync(cancellationToken);
            }

            await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var listen = new Npgsql.NpgsqlCommand("LISTEN minato_layer_changed", conn))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }

            while (true)
            {
                var loadedBefore = directory.Loaded.IsCompleted;
                await directory.ReloadAsync(repository, cancellationToken);
                if (!loadedBefore)
                {
                    LogLoaded(directory.Count);
                }

                await conn.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            }
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Count} telemetry stations loaded")]
        private partial void LogLoaded(int count);
    }
}
