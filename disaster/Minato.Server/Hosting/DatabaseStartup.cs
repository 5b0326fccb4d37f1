using Minato.Gis.Database;
using Npgsql;

namespace Minato.Server.Hosting;

/// <summary>
/// Brings the database up to date in the background, so the server starts (and Kestrel listens) while PostgreSQL is
/// down: the migrations are retried with back-off (1 s doubling to 30 s on <see cref="TimeProvider"/>) while the database
/// is unreachable, and <see cref="DatabaseReadiness"/> turns ready once they are applied (with
/// <see cref="ServerOptions.MigrateOnStart"/> off: once the database answers). A migration that fails for another reason
/// (a script error, a missing database, a wrong password) cannot be fixed by waiting: the server stops with exit code 1.
/// </summary>
internal sealed partial class DatabaseStartup(
    string connectionString, Microsoft.Extensions.Options.IOptions<ServerOptions> options, NpgsqlDataSource dataSource,
    DatabaseReadiness readiness, ServerExit exit, TimeProvider time,
    ILogger<DatabaseStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = Gis.Resilience.ResilientLoop.MinDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            // DbUp is synchronous: off the start-up path, on the thread pool.
            var result = options.Value.MigrateOnStart
                ? await Task.Run(() => DatabaseMigrator.Migrate(connectionString, logger), stoppingToken)
                : await PingAsync(stoppingToken);
            if (result.Succeeded)
            {
                readiness.MarkReady();
                LogReady(result.Applied.Count);
                return;
            }

            if (!result.Transient)
            {
                exit.Fail($"database migration failed: {result.Error}");
                return;
            }

            readiness.NotReady($"database unreachable: {result.Error}");
            LogWaiting(delay.TotalSeconds, result.Error);
            await Task.Delay(delay, time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Gis.Resilience.ResilientLoop.MaxDelay.Ticks));
        }
    }

    private async Task<MigrationResult> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(cancellationToken);
            return new MigrationResult(true, [], null);
        }
        catch (NpgsqlException e)
        {
            return new MigrationResult(false, [], e.Message, DatabaseMigrator.IsTransient(e));
        }
    }

    /// <summary>Registers the readiness, the health check, the exit code and this service (call it before the modules, so it
    /// starts before the services that wait for it).</summary>
    public static void Add(IServiceCollection services, string connectionString)
    {
        services.AddSingleton<DatabaseReadiness>();
        services.AddSingleton<ServerExit>();
        services.AddSingleton<DatabaseHealth>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DatabaseStartup>(sp, connectionString));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "database ready ({Applied} migrations applied now)")]
    private partial void LogReady(int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "database unreachable, migrations retried in {DelaySeconds} s: {Error}")]
    private partial void LogWaiting(double delaySeconds, string? error);
}
