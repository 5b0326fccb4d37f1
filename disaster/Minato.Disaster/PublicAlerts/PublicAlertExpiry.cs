using System.Globalization;
using Microsoft.Extensions.Hosting;
using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Takes alerts out of the live situation when their <c>expires</c> passes (they leave the active list and the Atom
/// index by the same rule at read time). Checks every <see cref="Period"/> on the injected clock; an expiry is not a
/// publish: no CAP message, no e-mail, nothing written.
/// </summary>
public sealed class PublicAlertExpiry(NpgsqlDataSource db, ISituationBus bus, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow();
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = time.GetUtcNow();
                var expired = await ExpiredAsync(since, now, stoppingToken);
                if (expired.Count > 0)
                {
                    bus.Publish(expired.Select(id => SituationChange.Removed(SituationKinds.PublicAlert, id.ToString(CultureInfo.InvariantCulture))).ToList());
                }

                since = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>Active alerts whose expiry fell in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<IReadOnlyList<long>> ExpiredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM ops.public_alerts WHERE state = 'active' AND expires > $1 AND expires <= $2 ORDER BY id");
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
