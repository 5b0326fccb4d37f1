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
            services.AddHostedService(sp => sp.GetRequiredService<MqttIngestService>());
        }

        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>Loads the station directory at start and every minute (stations imported by the CLI appear without a restart).</summary>
    private sealed partial class StationDirectoryLoader(
        StationDirectory directory, StationRepository repository, TimeProvider time, ILogger<StationDirectoryLoader> logger) : BackgroundService
    {
        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            await directory.ReloadAsync(repository, cancellationToken);
            LogLoaded(directory.Count);
            await base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await directory.ReloadAsync(repository, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e.Message);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Count} telemetry stations loaded")]
        private partial void LogLoaded(int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "reloading stations failed: {Error}")]
        private partial void LogFailed(string error);
    }
}
