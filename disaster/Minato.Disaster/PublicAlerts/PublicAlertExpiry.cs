using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Gis.Resilience;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Takes alerts out of the live situation when their <c>expires</c> passes (they leave the active list and the Atom
/// index by the same rule at read time). Checks every <see cref="Period"/> on the injected clock; an expiry is not a
/// publish: no CAP message, no e-mail, nothing written. A failed check (the database down) is logged and the window
/// kept open, so the alerts that expired meanwhile are removed by the next check that succeeds.
/// </summary>
public sealed partial class PublicAlertExpiry(NpgsqlDataSource db, ISituationBus bus, TimeProvider time, ILogger<PublicAlertExpiry> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("public alert expiry", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow();
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            IReadOnlyList<long> expired;
            try
            {
                expired = await ExpiredAsync(since, now, stoppingToken);
            }
            catch (NpgsqlException e)
            {
                LogCheckFailed(e.Message);
                continue;
            }

            if (expired.Count > 0)
            {
                bus.Publish(expired
                    .Select(id => SituationChange.Removed(SituationKinds.PublicAlert, id.ToString(CultureInfo.InvariantCulture))).ToList());
            }

            since = now;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "public alert expiry: check failed, retried at the next tick: {Error}")]
    private partial void LogCheckFailed(string error);

    /// <summary>Active alerts whose expiry fell in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<IReadOnlyList<long>> ExpiredAsync(DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id FROM ops.public_alerts WHERE state = 'active' AND expires > $1 AND expires <= $2 ORDER BY id");
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
