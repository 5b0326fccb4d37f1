using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Disaster.Idempotency;
using Minato.Gis.Resilience;
using Npgsql;

namespace Minato.Disaster.Http.Reports;

/// <summary>Deletes expired idempotency keys once an hour (an expired key is also taken over when it is reused).</summary>
internal sealed partial class IdempotencyPurgeService(
    IdempotencyStore store, NpgsqlDataSource db, TimeProvider time, ILogger<IdempotencyPurgeService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("idempotency key purge", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await store.PurgeExpiredAsync(db, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(purged);
                }
            }
            catch (NpgsqlException e)
            {
                LogFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "idempotency: purged {Count} expired keys")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "idempotency: purging expired keys failed: {Error}")]
    private partial void LogFailed(string error);
}
