using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Disaster.PublicAlerts;
using Minato.Disaster.Security;
using Minato.Audit;
using Minato.Gis.Resilience;
using MimeKit;
using Npgsql;
using Polly;

namespace Minato.Disaster.Notifications;

/// <summary>
/// Sends the e-mail deliveries of published alert messages in the background, one message at a time, never blocking
/// the API: each recipient in their language, transient SMTP failures retried with exponential back-off (Polly), the
/// outcome recorded per recipient in <c>ops.alert_deliveries</c> (sent / failed + error / skipped) and summed up in
/// one audit row <c>alert.mail</c> by the system. At start it resumes deliveries left pending (a crash, a restart).
/// </summary>
public sealed partial class AlertMailDispatcher(
    NpgsqlDataSource db, MailOptions options, PublicAlertOptions alertOptions, TimeProvider time, ILogger<AlertMailDispatcher> logger)
    : BackgroundService, IAlertMailQueue
{
    /// <summary>Where a subscriber's unsubscribe link points (the anonymous endpoint of the subscribers API).</summary>
    public const string UnsubscribePath = "/api/public/subscriptions/unsubscribe";

    private const int MaxError = 500;
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long messageId) => _queue.Writer.TryWrite(messageId);

    // A database outage restarts the work after a back-off (ResilientLoop): the deliveries still pending are read again,
    // so a message that could not be processed meanwhile is sent once the database is back, not at the next start.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("alert e-mail dispatcher", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        foreach (var id in await PendingMessagesAsync(stoppingToken))
        {
            await SafeSendAsync(id, stoppingToken);
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SafeSendAsync(id, stoppingToken);
        }
    }

    private async Task SafeSendAsync(long messageId, CancellationToken cancellationToken)
    {
        try
        {
            await SendMessageAsync(messageId, cancellationToken);
        }
        catch (Exception e) when (e is (NpgsqlException and not { IsTransient: true }) or InvalidOperationException or JsonException)
        {
            LogMessageFailed(logger, e, messageId);
        }
    }

    /// <summary>Sends every pending delivery of one message; returns (sent, failed, skipped).</summary>
    public async Task<(int Sent, int Failed, int Skipped)> SendMessageAsync(long messageId, CancellationToken cancellationToken = default)
    {
        PublicAlert alert;
        await using (var cmd = db.CreateCommand("SELECT alert_json::text FROM ops.public_alert_messages WHERE id = $1"))
        {
            cmd.Parameters.AddWithValue(messageId);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is not string json)
            {
                return (0, 0, 0);
            }

            alert = JsonSerializer.Deserialize<PublicAlert>(json, PublicAlert.Json)!;
        }

        var pending = new List<(long Id, string? Email, string Language, string? Unsubscribe)>();
        await using (var cmd = db.CreateCommand(
            """
            SELECT d.id, s.email, d.language, s.unsubscribe_token FROM ops.alert_deliveries d LEFT JOIN ops.subscribers s ON s.id =
              d.subscriber_id
            WHERE d.message_id = $1 AND d.status = 'pending' ORDER BY d.id
            """))
        {
            cmd.Parameters.AddWithValue(messageId);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.IsDBNull(3)
                    ? null : reader.GetString(3)));
            }
        }

        if (pending.Count == 0)
        {
            return (0, 0, 0);
        }

        int sent = 0, failed = 0, skipped = 0;
        if (!options.IsConfigured)
        {
            LogNotConfigured(logger, alert.Identifier, pending.Count);
            foreach (var d in pending)
            {
                await RecordAsync(d.Id, "skipped", 0, "no SMTP server configured (Minato:Mail:Host)", cancellationToken);
            }

            await AuditAsync(messageId, alert, 0, 0, pending.Count, cancellationToken);
            return (0, 0, pending.Count);
        }

        var capUrl = string.IsNullOrWhiteSpace(alertOptions.PublicBaseUrl)
            ? null : alertOptions.PublicBaseUrl.TrimEnd('/') + PublicAlert.CapPath(alert.Id, alert.Version);
        await using (var session = new MailSession(options, time))
        {
            foreach (var d in pending)
            {
                if (d.Email is null)
                {
                    skipped++;
                    await RecordAsync(d.Id, "skipped", 0, "subscriber deleted before sending", cancellationToken);
                    continue;
                }

                MimeMessage message;
                try
                {
                    var unsubscribeUrl = string.IsNullOrWhiteSpace(alertOptions.PublicBaseUrl) || d.Unsubscribe is null
                        ? null : $"{alertOptions.PublicBaseUrl.TrimEnd('/')}{UnsubscribePath}?token={d.Unsubscribe}";
                    message = AlertMail.Compose(alert, d.Language, d.Email, options.From, capUrl, unsubscribeUrl);
                }
                catch (ParseException e)
                {
                    failed++;
                    await RecordAsync(d.Id, "failed", 0, "bad address: " + e.Message, cancellationToken);
                    continue;
                }

                var (attempts, failure) = await session.SendAsync(message, cancellationToken);
                if (failure is null)
                {
                    sent++;
                    await RecordAsync(d.Id, "sent", attempts, null, cancellationToken);
                }
                else
                {
                    failed++;
                    LogDeliveryFailed(logger, d.Id, alert.Identifier, attempts, failure.Message);
                    await RecordAsync(d.Id, "failed", attempts, failure.GetType().Name + ": " + failure.Message, cancellationToken);
                }
            }
        }

        await AuditAsync(messageId, alert, sent, failed, skipped, cancellationToken);
        LogMessageSent(logger, alert.Identifier, sent, failed, skipped);
        return (sent, failed, skipped);
    }

    private async Task RecordAsync(long deliveryId, string status, int attempts, string? error, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "UPDATE ops.alert_deliveries SET status = $2, attempts = $3, error = $4, finished_at = $5 WHERE id = $1");
        cmd.Parameters.AddWithValue(deliveryId);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue(attempts);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, error is null ? DBNull.Value : error.Length > MaxError
            ? error[..MaxError] : error);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task AuditAsync(long messageId, PublicAlert alert, int sent, int failed, int skipped, CancellationToken cancellationToken) =>
        AuditLog.AppendAsync(db, Actor.System.Audit("alert.mail", "public-alert", alert.Id.ToString(CultureInfo.InvariantCulture),
            new { messageId, identifier = alert.Identifier, sent, failed, skipped }), cancellationToken);

    private async Task<IReadOnlyList<long>> PendingMessagesAsync(CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var cmd = db.CreateCommand(
            "SELECT DISTINCT message_id FROM ops.alert_deliveries WHERE status = 'pending' ORDER BY message_id");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "alert {Identifier}: {Count} e-mail deliveries not sent: no SMTP server configured (Minato:Mail:Host)")]
    private static partial void LogNotConfigured(ILogger logger, string identifier, int count);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "delivery {DeliveryId} of alert {Identifier} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, long deliveryId, string identifier, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "alert {Identifier}: e-mail sent {Sent}, failed {Failed}, skipped {Skipped}")]
    private static partial void LogMessageSent(ILogger logger, string identifier, int sent, int failed, int skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "e-mail of alert message {MessageId} could not be processed")]
    private static partial void LogMessageFailed(ILogger logger, Exception exception, long messageId);
}
