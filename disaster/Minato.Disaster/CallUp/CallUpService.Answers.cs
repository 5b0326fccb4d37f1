using System.Globalization;
using Minato.Audit;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CallUp;

public sealed partial class CallUpService
{
    /// <summary>The answers a link records.</summary>
    public static IReadOnlyList<string> Answers { get; } = ["available", "unavailable"];

    /// <summary>
    /// What <paramref name="token"/> leads to, without changing anything (the page a link opens: mail scanners open links
    /// too, so opening never answers).
    /// </summary>
    public async Task<AnswerLink> LookupAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!AnswerToken.IsWellFormed(token))
        {
            return new AnswerLink(AnswerLinkStatus.Unknown);
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        return (await FindAsync(tx, token!, lockRow: false, cancellationToken)).Link;
    }

    /// <summary>
    /// Records the answer of the one person of the one call-up the link was made for: <c>available</c> with the
    /// <paramref name="minutes"/> to arrive (0–1440), or <c>unavailable</c>. The same link may change the answer while
    /// the call-up is active and the link has not expired; no link answers for anyone else. Audited as
    /// <c>callup.answer</c> by <c>staff:{id}</c> (role <c>callup-link</c>); the board is published live. Returns the link's
    /// state after the answer (<see cref="AnswerLinkStatus.Open"/> = recorded), or null when the answer itself is invalid.
    /// </summary>
    public async Task<AnswerLink?> AnswerAsync(string? token, string? answer, int? minutes, CancellationToken cancellationToken = default)
    {
        if (!Answers.Contains(answer ?? "", StringComparer.Ordinal)
            || (answer == "available" && minutes is not (>= 0 and <= 1440)) || (answer == "unavailable" && minutes is not null))
        {
            return null;
        }

        if (!AnswerToken.IsWellFormed(token))
        {
            return new AnswerLink(AnswerLinkStatus.Unknown);
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var (link, recipientId, callUpId, staffId) = await FindAsync(tx, token!, lockRow: true, cancellationToken);
        if (link.Status != AnswerLinkStatus.Open)
        {
            return link;
        }

        var now = time.GetUtcNow();
        await tx.ExecAsync(
            "UPDATE ops.callup_recipients SET answer = $2, minutes = $3, answered_at = $4, answers = answers + 1 WHERE id = $1",
            [recipientId, answer, answer == "available" ? minutes : null, now], cancellationToken);
        await tx.ExecAsync("UPDATE ops.callups SET board_version = board_version + 1 WHERE id = $1", [callUpId], cancellationToken);
        var who = new Actor("staff:" + (staffId?.ToString(CultureInfo.InvariantCulture) ?? "deleted"), "callup-link");
        await AuditLog.AppendAsync(tx, who.Audit("callup.answer", "callup", Text(callUpId),
            new { recipientId, answer, minutes = answer == "available" ? minutes : null }), cancellationToken);
        await CommitAsync(tx, callUpId, cancellationToken);
        return link with { Answer = answer, Minutes = answer == "available" ? minutes : null };
    }

    private async Task<(AnswerLink Link, long RecipientId, long CallUpId, long? StaffId)> FindAsync(NpgsqlTransaction tx, string token,
        bool lockRow, CancellationToken cancellationToken)
    {
        var rows = await tx.QueryAsync(
            $"""
            SELECT l.expires_at, c.state, c.level, c.reason, r.answer, r.minutes, r.id, c.id, r.staff_id
            FROM ops.callup_links l JOIN ops.callup_recipients r ON r.id = l.recipient_id JOIN ops.callups c ON c.id = r.callup_id
            WHERE l.token_hash = $1 {(lockRow ? "FOR UPDATE OF r" : "")}
            """, [AnswerToken.Hash(token)], r => (Expires: r.GetFieldValue<DateTimeOffset>(0), State: r.GetString(1), Level: r.GetString(2),
                Reason: r.GetString(3), Answer: r.IsDBNull(4) ? null : r.GetString(4), Minutes: r.IsDBNull(5) ? (int?)null : r.GetInt32(5),
                RecipientId: r.GetInt64(6), CallUpId: r.GetInt64(7), StaffId: r.IsDBNull(8) ? (long?)null : r.GetInt64(8)),
            cancellationToken);
        if (rows.Count == 0)
        {
            return (new AnswerLink(AnswerLinkStatus.Unknown), 0, 0, null);
        }

        var x = rows[0];
        var status = x.State != CallUpStates.Active ? AnswerLinkStatus.Ended
            : x.Expires <= time.GetUtcNow() ? AnswerLinkStatus.Expired : AnswerLinkStatus.Open;
        return (new AnswerLink(status, x.Level, x.Reason, x.Answer, x.Minutes), x.RecipientId, x.CallUpId, x.StaffId);
    }

    /// <summary>
    /// Sends the reminders that are due at <paramref name="now"/>: for each active call-up started at least
    /// <see cref="CallUpOptions.ReminderMinutes"/> ago and not reminded yet, one reminder e-mail (with a new link) to each
    /// recipient who has not answered. Once per call-up; audited as <c>callup.remind</c> by the system. Returns the
    /// call-ups reminded.
    /// </summary>
    public async Task<IReadOnlyList<long>> RemindDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var due = await db.QueryAsync(
            "SELECT id FROM ops.callups WHERE state = 'active' AND reminded_at IS NULL AND started_at <= $1 ORDER BY id",
            [now.AddMinutes(-options.ReminderMinutes)], r => r.GetInt64(0), cancellationToken);
        var reminded = new List<long>();
        foreach (var id in due)
        {
            await using var conn = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            // Claimed by the update: two nodes sweeping at once remind once.
            if (await tx.ExecAsync("UPDATE ops.callups SET reminded_at = $2, board_version = board_version + 1 " +
                "WHERE id = $1 AND state = 'active' AND reminded_at IS NULL", [id, now], cancellationToken) == 0)
            {
                continue;
            }

            var count = await tx.ExecAsync(
                """
                INSERT INTO ops.callup_mails (recipient_id, kind, created_at)
                SELECT id, 'reminder', $2 FROM ops.callup_recipients WHERE callup_id = $1 AND answer IS NULL AND staff_id IS NOT NULL
                """, [id, now], cancellationToken);
            await AuditLog.AppendAsync(tx, Actor.System.Audit("callup.remind", "callup", Text(id), new { reminders = count }),
                cancellationToken);
            await CommitAsync(tx, id, cancellationToken);
            reminded.Add(id);
        }

        return reminded;
    }
}
