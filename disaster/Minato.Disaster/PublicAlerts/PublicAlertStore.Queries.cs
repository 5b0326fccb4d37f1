using System.Text.Json;
using Npgsql;

namespace Minato.Disaster.PublicAlerts;

/// <summary>Reads of public alerts (all public: no personal data is stored with an alert).</summary>
public sealed partial class PublicAlertStore
{
    private const string ActiveCondition = "a.state = 'active' AND (a.expires IS NULL OR a.expires > $1)";

    /// <summary>The alerts as JSON texts (newest message of each), worst level first; <paramref name="activeOnly"/> drops cancelled and
    /// expired ones.</summary>
    public async Task<IReadOnlyList<string>> ListJsonAsync(bool activeOnly, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            $"""
            SELECT (m.alert_json || jsonb_build_object('active', {ActiveCondition}))::text
            FROM ops.public_alerts a JOIN ops.public_alert_messages m ON m.alert_id = a.id AND m.version = a.version
            WHERE NOT $2 OR ({ActiveCondition})
            ORDER BY ({ActiveCondition}) DESC, a.level DESC, a.updated_at DESC
            LIMIT $3
            """);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        cmd.Parameters.AddWithValue(activeOnly);
        cmd.Parameters.AddWithValue(limit);
        var result = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>One alert as JSON text, or null.</summary>
    public async Task<string?> GetJsonAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            $"""
            SELECT (m.alert_json || jsonb_build_object('active', {ActiveCondition}))::text
            FROM ops.public_alerts a JOIN ops.public_alert_messages m ON m.alert_id = a.id AND m.version = a.version
            WHERE a.id = $2
            """);
        cmd.Parameters.AddWithValue(time.GetUtcNow());
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The active alerts (for the live situation at start-up).</summary>
    public async Task<IReadOnlyList<PublicAlert>> ActiveAsync(CancellationToken cancellationToken = default) =>
        (await ListJsonAsync(activeOnly: true, limit: 10_000, cancellationToken))
            .Select(j => JsonSerializer.Deserialize<PublicAlert>(j, PublicAlert.Json)!).ToList();

    /// <summary>The CAP XML of an alert's message <paramref name="version"/> (null = the newest), exactly as published; null when
    /// absent.</summary>
    public async Task<string?> GetCapAsync(long id, int? version, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT m.cap_xml FROM ops.public_alert_messages m JOIN ops.public_alerts a ON a.id = m.alert_id
            WHERE m.alert_id = $1 AND m.version = coalesce($2, a.version)
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)version ?? DBNull.Value);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The Atom index: the newest message of every active alert and of alerts cancelled within <see
    /// cref="CancelledInFeed"/>.</summary>
    public async Task<IReadOnlyList<FeedEntry>> FeedAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            $"""
            SELECT a.id, m.version, m.identifier, m.msg_type, a.cap_status, a.level, m.sent, (m.alert_json -> 'headline')::text
            FROM ops.public_alerts a JOIN ops.public_alert_messages m ON m.alert_id = a.id AND m.version = a.version
            WHERE ({ActiveCondition}) OR (a.state = 'cancelled' AND a.cancelled_at > $2)
            ORDER BY m.sent DESC, a.id DESC
            LIMIT 500
            """);
        var now = time.GetUtcNow();
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(now - CancelledInFeed);
        var entries = new List<FeedEntry>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new FeedEntry(
                reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt16(5),
                reader.GetFieldValue<DateTimeOffset>(6), JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(7))!));
        }

        return entries;
    }
}
