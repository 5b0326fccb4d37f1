using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minato.Sensors.Alerts;
using Minato.Sensors.Broker;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Http;

/// <summary>Registers telemetry: station directory, embedded broker, MQTT ingest, alert engine and the event hub.</summary>
public static partial class SensorServices
{
    public static IServiceCollection AddSensors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Bind<IngestOptions>(services, configuration, IngestOptions.Section);
        services.AddOptions<IngestOptions>()
            .PostConfigure<IOptions<BrokerOptions>>((o, broker) =>
            {
                // Broker and ingest live in one process: a random secret needs no configuration and never leaks.
                if (string.IsNullOrEmpty(o.Password) && broker.Value.Embedded)
                {
                    o.Password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
                }
            })
            .Validate(o => !string.IsNullOrEmpty(o.Password), "Sensors:Ingest:Password is required with an external broker");
        Bind<BrokerOptions>(services, configuration, BrokerOptions.Section);
        Bind<AlertOptions>(services, configuration, AlertOptions.Section);

        services.TryAddSingleton<SensorEventHub>();
        services.AddSingleton<StationRepository>();
        services.AddSingleton<StationImporter>();
        services.AddSingleton<StationDirectory>();
        services.AddSingleton(sp => new IngestMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<ObservationWriter>();
        services.AddSingleton<AlertStore>();
        services.AddSingleton(sp => new MessageValidator(
            sp.GetRequiredService<StationDirectory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IngestOptions>().Limits));
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
        if (configuration.GetValue(IngestOptions.Section + ":Enabled", true))
        {
            services.AddHostedService<IngestRunner>();
        }

        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>Starts the ingest unless the embedded broker it should use could not start.</summary>
    private sealed partial class IngestRunner(
        EmbeddedBroker broker, BrokerOptions brokerOptions, MqttIngestService ingest, ILogger<IngestRunner> logger) : IHostedService
    {
        private bool _started;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (brokerOptions.Embedded && !broker.IsRunning)
            {
                LogSkipped();
                return;
            }

            await ingest.StartAsync(cancellationToken);
            _started = true;
        }

        public Task StopAsync(CancellationToken cancellationToken) => _started ? ingest.StopAsync(cancellationToken) : Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Error, Message = "MQTT ingest not started: the embedded broker is not running")]
        private partial void LogSkipped();
    }

    /// <summary>
    /// Loads the station directory at start, then again whenever <c>sensors.stations</c> changes (LISTEN on the layer
    /// change notification its trigger sends), and at least every minute: an imported station is known within milliseconds.
    /// </summary>
    private sealed partial class StationDirectoryLoader(
        StationDirectory directory, StationRepository repository, Npgsql.NpgsqlDataSource dataSource, TimeProvider time,
        ILogger<StationDirectoryLoader> logger) : BackgroundService
    {
        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            await directory.ReloadAsync(repository, cancellationToken);
            LogLoaded(directory.Count);
            await base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var conn = await dataSource.OpenConnectionAsync(stoppingToken);
                    await using (var listen = new Npgsql.NpgsqlCommand("LISTEN minato_layer_changed", conn))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken);
                    }

                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await directory.ReloadAsync(repository, stoppingToken);
                        await conn.WaitAsync(TimeSpan.FromMinutes(1), stoppingToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Count} telemetry stations loaded")]
        private partial void LogLoaded(int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "reloading stations failed: {Error}")]
        private partial void LogFailed(string error);
    }
}
