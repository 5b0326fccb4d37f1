using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Jma;

/// <summary>
/// <c>jma.messages</c>: every JMA message received once (by the sha256 of its bytes, and by its Atom entry id when it came
/// from a feed), parsed or rejected with its reason, the raw XML kept. After each newly stored message the live situation
/// gets the kind <c>jma</c> (<see cref="JmaChanges"/>) and <see cref="Stored"/> fires. What is in force for Minato is read
/// from the latest message per product (its ReportDateTime) at any time (<see cref="InForceAsync"/>). 試験 messages are
/// never shown; 訓練 only when <see cref="JmaOptions.ShowDrills"/>, marked as drills, in a chain of their own (a drill never
/// lifts a real warning). Thread-safe (stateless over the data source).
/// </summary>
public sealed partial class JmaStore(NpgsqlDataSource db, TimeProvider time, ISituationBus bus, JmaOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly JmaParser _parser = new(options);

    /// <summary>Raised after a new message was stored (not for duplicates), with what was made of it.</summary>
    public event Action<JmaIntake>? Stored;

    /// <summary>
    /// Parses and keeps <paramref name="xml"/> from <paramref name="source"/> (<c>feed</c>, <c>import</c>, <c>relay</c>,
    /// <c>demo</c>). A message held already is a duplicate; a malformed, unknown or oversized one is kept as rejected with
    /// its reason. <paramref name="actor"/> (relay, import) is audited as <c>jma.receive</c> in the same transaction.
    /// </summary>
    public async Task<JmaIntake> SaveAsync(
        byte[] xml, string source, string? entryId = null, Actor? actor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var hash = Convert.ToHexStringLower(SHA256.HashData(xml));
        var parsed = _parser.Parse(xml);
        var m = parsed.Message;
        var raw = xml.Length > options.MaxMessageBytes ? xml[..options.MaxMessageBytes] : xml;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var id = await tx.ScalarAsync(
            """
            INSERT INTO jma.messages (sha256, entry_id, source, received_at, status, reason, title, head_title, product, control_status,
                info_type, report_time, valid_until, event_id, headline, concerns_minato, minato, raw_xml)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT DO NOTHING RETURNING id
            """,
            [hash, entryId, source, time.GetUtcNow(), m is null ? JmaIntake.Rejected : JmaIntake.Stored, parsed.Reason, m?.Title,
                m?.HeadTitle, m?.Product, m?.ControlStatus, m?.InfoType, m?.ReportTime.ToUniversalTime(), m?.ValidUntil?.ToUniversalTime(),
                m?.EventId, m?.Headline,
                m?.ConcernsMinato ?? false,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = m is null ? DBNull.Value : JsonSerializer.Serialize(
                    m.Reading, Json) },
                raw], cancellationToken);
        if (id is not long newId)
        {
            await tx.RollbackAsync(cancellationToken);
            var held = await db.ScalarAsync("SELECT id FROM jma.messages WHERE sha256 = $1 OR entry_id = $2 ORDER BY id LIMIT 1",
                [hash, entryId], cancellationToken);
            return new JmaIntake(JmaIntake.Duplicate, held as long?, m?.Title, m?.Product, null);
        }

        if (actor is not null)
        {
            await AuditLog.AppendAsync(tx, actor.Audit("jma.receive", "jma-message", newId.ToString(CultureInfo.InvariantCulture), new
            {
                source, title = m?.Title, product = m?.Product, status = m is null ? JmaIntake.Rejected : JmaIntake.Stored, parsed.Reason,
                sha256 = hash,
            }), cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        var intake = m is null
            ? new JmaIntake(JmaIntake.Rejected, newId, null, null, parsed.Reason)
            : new JmaIntake(JmaIntake.Stored, newId, m.Title, m.Product, null);
        if (m is { ConcernsMinato: true })
        {
            bus.Publish([await SituationAsync(cancellationToken)]);
        }

        Stored?.Invoke(intake);
        return intake;
    }

    /// <summary>The live change of kind <c>jma</c> as of now (what a starting node loads, and what each new message sends).</summary>
    public async Task<SituationChange> SituationAsync(CancellationToken cancellationToken = default)
    {
        // "As of" is the newest message held, not the clock: every node computes the same entity from the same rows
        // (two nodes starting at different times must hold equal situations).
        var now = time.GetUtcNow();
        var timeline = await RecentAsync(10, cancellationToken);
        return JmaChanges.For(new JmaSituation(await InForceAsync(now, cancellationToken), await LatestEarthquakeAsync(cancellationToken),
            await TsunamiAsync(now, cancellationToken), timeline, timeline.Count > 0 ? timeline.Max(e => e.ReportTime) : null));
    }

    /// <summary>Which of the Atom entry ids are held already (so the poller fetches each entry once, across restarts).</summary>
    public async Task<IReadOnlySet<string>> KnownEntriesAsync(
        IReadOnlyCollection<string> entryIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        if (entryIds.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var rows = await db.QueryAsync("SELECT entry_id FROM jma.messages WHERE entry_id = ANY($1)", [entryIds.ToArray()],
            r => r.GetString(0), cancellationToken);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The conditional-GET state of a feed (ETag, Last-Modified), or nulls.</summary>
    public async Task<(string? ETag, string? LastModified)> FeedStateAsync(string url, CancellationToken cancellationToken = default)
    {
        var rows = await db.QueryAsync("SELECT etag, last_modified FROM jma.feeds WHERE url = $1", [url],
            r => (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), cancellationToken);
        return rows.Count > 0 ? rows[0] : (null, null);
    }

    public Task SaveFeedStateAsync(string url, string? etag, string? lastModified, CancellationToken cancellationToken = default) =>
        db.ExecAsync(
            """
            INSERT INTO jma.feeds (url, etag, last_modified, checked_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at
            """, [url, etag, lastModified, time.GetUtcNow()], cancellationToken);

    /// <summary>Stored messages, newest first (by receipt); the raw XML only when <paramref name="withXml"/> (hq).</summary>
    public Task<IReadOnlyList<JmaStoredMessage>> MessagesAsync(int limit, bool withXml, CancellationToken cancellationToken = default) =>
        db.QueryAsync(
            """
            SELECT id, source, received_at, status, reason, title, head_title, product, control_status, info_type, report_time, headline,
                   concerns_minato, entry_id, CASE WHEN $2 THEN raw_xml END
            FROM jma.messages ORDER BY id DESC LIMIT $1
            """, [Math.Clamp(limit, 1, 1000), withXml], r => new JmaStoredMessage(
                r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), Str(r, 4), Str(r, 5), Str(r, 6),
                Str(r, 7), Str(r, 8), Str(r, 9), r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10), Str(r, 11), r.GetBoolean(12),
                Str(r, 13), r.IsDBNull(14) ? null : System.Text.Encoding.UTF8.GetString(r.GetFieldValue<byte[]>(14))), cancellationToken);

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
