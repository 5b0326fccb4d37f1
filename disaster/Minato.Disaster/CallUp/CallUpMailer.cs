using System.Globalization;
using System.Threading.Channels;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Minato.Audit;
using Minato.Disaster.Notifications;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Minato.Gis.Resilience;
using MimeKit;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>
/// Sends the pending e-mails of call-ups in the background (the call-up and its reminder), one call-up at a time, never
/// blocking the API: for each recipient a new answer link (only its hash is stored, committed before the mail leaves),
/// the shared SMTP session and retries of <see cref="MailRetry"/>, the outcome per mail in <c>ops.callup_mails</c> and
/// one audit row <c>callup.mail</c> by the system. At start it resumes mails left pending.
/// </summary>
public sealed partial class CallUpMailer(NpgsqlDataSource db, MailOptions options, TimeProvider time, ILogger<CallUpMailer> logger)
    : BackgroundService, ICallUpMailQueue
{
    /// <summary>Where an answer link points: <c>{base}/callup/{token}</c>.</summary>
    public const string AnswerPath = "/callup/";

    private const int MaxError = 500;
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long callUpId) => _queue.Writer.TryWrite(callUpId);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ResilientLoop.RunAsync("call-up e-mail", RunAsync, time, logger, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        foreach (var id in await db.QueryAsync(
            "SELECT DISTINCT r.callup_id FROM ops.callup_mails m JOIN ops.callup_recipients r ON r.id = m.recipient_id " +
            "WHERE m.status = 'pending' ORDER BY 1", null, r => r.GetInt64(0), stoppingToken))
        {
            await SendAsync(id, stoppingToken);
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendAsync(id, stoppingToken);
        }
    }

    /// <summary>Sends every pending mail of one call-up; returns (sent, failed, skipped).</summary>
    public async Task<(int Sent, int Failed, int Skipped)> SendAsync(long callUpId, CancellationToken cancellationToken = default)
    {
        var pending = await db.QueryAsync(
            """
            SELECT m.id, m.kind, m.recipient_id, s.email, c.level, c.reason, c.base_url, c.links_expire, c.state
            FROM ops.callup_mails m JOIN ops.callup_recipients r ON r.id = m.recipient_id JOIN ops.callups c ON c.id = r.callup_id
            LEFT JOIN ops.staff s ON s.id = r.staff_id
            WHERE r.callup_id = $1 AND m.status = 'pending' ORDER BY m.id
            """, [callUpId], r => (Id: r.GetInt64(0), Kind: r.GetString(1), Recipient: r.GetInt64(2),
                Email: r.IsDBNull(3) ? null : r.GetString(3),
                Level: r.GetString(4), Reason: r.GetString(5), BaseUrl: r.GetString(6), Expires: r.GetFieldValue<DateTimeOffset>(7),
                State: r.GetString(8)), cancellationToken);
        if (pending.Count == 0)
        {
            return (0, 0, 0);
        }

        int sent = 0, failed = 0, skipped = 0;
        await using (var session = new MailSession(options, time))
        {
            foreach (var m in pending)
            {
                var why = m.Email is null ? "staff member deleted before sending"
                    : m.State != CallUpStates.Active ? "the call-up is no longer active"
                    : options.IsConfigured ? null : "no SMTP server configured (Minato:Mail:Host)";
                if (why is not null)
                {
                    skipped++;
                    await RecordAsync(m.Id, "skipped", 0, why, cancellationToken);
                    continue;
                }

                var token = AnswerToken.New();
                await db.ExecAsync(
                    "INSERT INTO ops.callup_links (token_hash, recipient_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                    [AnswerToken.Hash(token), m.Recipient, time.GetUtcNow(), m.Expires], cancellationToken);
                MimeMessage message;
                try
                {
                    message = CallUpMail.Compose(m.Kind, m.Level, m.Reason, m.Email!, options.From, m.BaseUrl + AnswerPath + token,
                        m.Expires);
                }
                catch (ParseException e)
                {
                    failed++;
                    await RecordAsync(m.Id, "failed", 0, "bad address: " + e.Message, cancellationToken);
                    continue;
                }

                var (attempts, failure) = await session.SendAsync(message, cancellationToken);
                if (failure is null)
                {
                    sent++;
                    await RecordAsync(m.Id, "sent", attempts, null, cancellationToken);
                }
                else
                {
                    failed++;
                    LogMailFailed(logger, m.Id, callUpId, attempts, failure.Message);
                    await RecordAsync(m.Id, "failed", attempts, failure.GetType().Name + ": " + failure.Message, cancellationToken);
                }
            }
        }

        await AuditLog.AppendAsync(db, Actor.System.Audit("callup.mail", "callup", callUpId.ToString(CultureInfo.InvariantCulture),
            new { sent, failed, skipped }), cancellationToken);
        LogSent(logger, callUpId, sent, failed, skipped);
        return (sent, failed, skipped);
    }

    private Task RecordAsync(long mailId, string status, int attempts, string? error, CancellationToken cancellationToken) =>
        db.ExecAsync("UPDATE ops.callup_mails SET status = $2, attempts = $3, error = $4, finished_at = $5 WHERE id = $1",
            [mailId, status, attempts, error is { Length: > MaxError } ? error[..MaxError] : error, time.GetUtcNow()], cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "call-up mail {MailId} of call-up {CallUpId} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogMailFailed(ILogger logger, long mailId, long callUpId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "call-up {CallUpId}: e-mail sent {Sent}, failed {Failed}, skipped {Skipped}")]
    private static partial void LogSent(ILogger logger, long callUpId, int sent, int failed, int skipped);
}
