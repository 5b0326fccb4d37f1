using Minato.Disaster.Results;
using System.Globalization;
using System.Text.Json;
using Minato.Disaster.Security;
using Minato.Audit;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Simplify;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// <c>ops.public_alerts</c> and their CAP messages. Every publish (Alert, Update, Cancel) is one transaction: the
/// alert row, the CAP message exactly as published, the e-mail deliveries chosen for it and the audit row commit
/// together. Nothing else ever writes a message: editing master data (districts, shelters) never re-broadcasts.
/// Thread-safe (stateless over the data source).
/// </summary>
public sealed partial class PublicAlertStore(NpgsqlDataSource db, TimeProvider time, PublicAlertOptions options)
{
    /// <summary>How long a cancelled alert stays in the Atom index (so feed readers see the Cancel).</summary>
    public static readonly TimeSpan CancelledInFeed = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web) { Converters =
        { new GeoJsonConverterFactory() } };

    public Task<Outcome<PublishResult>> IssueAsync(Actor actor, AlertDraft draft, AlertArea area,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(area);
        return PublishAsync(actor, null, draft, area, null, cancellationToken);
    }

    public Task<Outcome<PublishResult>> UpdateAsync(Actor actor, long id, AlertDraft draft, AlertArea area,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(area);
        return PublishAsync(actor, id, draft, area, null, cancellationToken);
    }

    public Task<Outcome<PublishResult>> CancelAsync(Actor actor, long id, string? note, CancellationToken cancellationToken = default) =>
        PublishAsync(actor, id, null, null, note, cancellationToken);

    private async Task<Outcome<PublishResult>> PublishAsync(
        Actor actor, long? id, AlertDraft? draft, AlertArea? area, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        var sent = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);

        long alertId;
        int version;
        DateTimeOffset createdAt = sent;
        PublicAlert? previous = null;
        MultiPolygon? previousGeom = null;
        if (id is null)
        {
            alertId = await InsertAsync(tx, draft!, area!, sent, cancellationToken);
            version = 1;
        }
        else
        {
            await using (var cmd = new NpgsqlCommand(
                """
                SELECT a.version, a.state, a.created_at, a.geom, m.alert_json::text
                FROM ops.public_alerts a JOIN ops.public_alert_messages m ON m.alert_id = a.id AND m.version = a.version
                WHERE a.id = $1 FOR UPDATE OF a
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue(id.Value);
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return Outcome<PublishResult>.NotFound($"no public alert '{id}'");
                }

                if (reader.GetString(1) == "cancelled")
                {
                    return Outcome<PublishResult>.Conflict($"public alert {id} is cancelled: issue a new alert instead / 解除済みの情報です");
                }

                version = reader.GetInt32(0) + 1;
                createdAt = reader.GetFieldValue<DateTimeOffset>(2);
                previousGeom = reader.GetFieldValue<MultiPolygon>(3);
                previous = JsonSerializer.Deserialize<PublicAlert>(reader.GetString(4), PublicAlert.Json);
            }

            alertId = id.Value;
            await UpdateRowAsync(tx, alertId, version, draft, area, sent, cancellationToken);
        }

        var msgType = id is null ? "Alert" : draft is null ? "Cancel" : "Update";
        var identifier = string.Create(CultureInfo.InvariantCulture,
            $"13103-alert-{alertId}-v{version}-{sent.ToOffset(TimeSpan.FromHours(9)):yyyyMMddHHmmss}");
        var references = await ReferencesAsync(tx, alertId, cancellationToken);
        var alert = draft is not null
            ? FromDraft(alertId, identifier, version, msgType, draft, area!, sent, createdAt)
            : previous! with
            {
                Identifier = identifier, Version = version, MsgType = msgType, Active = false, Cancelled = true, Sent = sent,
                UpdatedAt = sent, CancelledAt = sent,
            };
        var geometry = area?.Geometry ?? previousGeom!;
        var cap = CapDocument.ToText(CapDocument.Build(new CapMessage(
            identifier, options.Sender, sent, alert.Status, msgType, references, note, WarningLevel.Of(alert.Level)!,
            alert.Headline, alert.Description, alert.Instruction, alert.AreaDescription, CapPolygons.Format(
                geometry, options.CapPolygonVertices),
            alert.Expires, options.SenderNameJa, options.SenderNameEn, Web(alertId))));
        var json = alert.ToJson();

        long messageId;
        await using (var cmd = new NpgsqlCommand(
            "INSERT INTO ops.public_alert_messages (alert_id, version, identifier, msg_type, sent, cap_xml, alert_json) VALUES ($1, $2, " +
                "$3, $4, $5, $6, $7) RETURNING id",
            conn, tx))
        {
            cmd.Parameters.AddWithValue(alertId);
            cmd.Parameters.AddWithValue(version);
            cmd.Parameters.AddWithValue(identifier);
            cmd.Parameters.AddWithValue(msgType);
            cmd.Parameters.AddWithValue(sent);
            cmd.Parameters.AddWithValue(cap);
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json });
            messageId = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        int recipients;
        await using (var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.alert_deliveries (message_id, subscriber_id, language, created_at)
            SELECT $1, s.id, CASE WHEN (a.headline -> s.language) IS NOT NULL THEN s.language ELSE 'ja' END, $3
            FROM ops.subscribers s JOIN ops.public_alerts a ON a.id = $2
            WHERE (ST_Intersects(s.geom, a.geom) AND (ST_Dimension(s.geom) = 0 OR NOT ST_Touches(s.geom, a.geom)))
               OR EXISTS (SELECT 1 FROM ops.alert_deliveries d JOIN ops.public_alert_messages m ON m.id = d.message_id
                          WHERE m.alert_id = a.id AND m.id <> $1 AND d.subscriber_id = s.id)
            """, conn, tx))
        {
            // Touching is not covering: a subscriber of the neighbouring district shares only its border with the area.
            // Earlier recipients of the alert always hear of its Update or Cancel, even when the area moved away from them.
            cmd.Parameters.AddWithValue(messageId);
            cmd.Parameters.AddWithValue(alertId);
            cmd.Parameters.AddWithValue(now);
            recipients = await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        var action = msgType switch { "Alert" => "alert.publish", "Update" => "alert.update", _ => "alert.cancel" };
        await AuditLog.AppendAsync(tx, actor.Audit(action, "public-alert", alertId.ToString(CultureInfo.InvariantCulture), new
        {
            msgType, identifier, version, level = alert.Level, status = alert.Status, area = alert.Districts, recipients,
        }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<PublishResult>.Ok(new PublishResult(alert, messageId, recipients));
    }

    private async Task<long> InsertAsync(NpgsqlTransaction tx, AlertDraft draft, AlertArea area, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.public_alerts (cap_status, level, evacuation, area_kind, districts, area_polygon, geom, headline, description,
                                           instruction, expires, created_at, updated_at, chome)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id
            """, tx.Connection, tx);
        AddDraft(cmd, draft, area);
        cmd.Parameters.AddWithValue(at);
        cmd.Parameters.AddWithValue((area.Chome ?? []).ToArray());
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task UpdateRowAsync(
        NpgsqlTransaction tx, long id, int version, AlertDraft? draft, AlertArea? area, DateTimeOffset at,
            CancellationToken cancellationToken)
    {
        if (draft is null)
        {
            await using var cancel = new NpgsqlCommand(
                "UPDATE ops.public_alerts SET version = $2, state = 'cancelled', updated_at = $3, cancelled_at = $3 WHERE id = $1",
                    tx.Connection, tx);
            cancel.Parameters.AddWithValue(id);
            cancel.Parameters.AddWithValue(version);
            cancel.Parameters.AddWithValue(at);
            await cancel.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var cmd = new NpgsqlCommand(
            """
            UPDATE ops.public_alerts SET cap_status = $1, level = $2, evacuation = $3, area_kind = $4, districts = $5, area_polygon = $6,
                geom = $7, headline = $8, description = $9, instruction = $10, expires = $11, updated_at = $12, version = $13, chome = $15
            WHERE id = $14
            """, tx.Connection, tx);
        AddDraft(cmd, draft, area!);
        cmd.Parameters.AddWithValue(at);
        cmd.Parameters.AddWithValue(version);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue((area!.Chome ?? []).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddDraft(NpgsqlCommand cmd, AlertDraft draft, AlertArea area)
    {
        cmd.Parameters.AddWithValue(draft.Status);
        cmd.Parameters.AddWithValue((short)draft.Level.Level);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)draft.Level.Evacuation ?? DBNull.Value);
        cmd.Parameters.AddWithValue(area.Kind);
        cmd.Parameters.AddWithValue(area.Districts.ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)draft.PolygonJson?.GetRawText()
            ?? DBNull.Value });
        cmd.Parameters.AddWithValue(area.Geometry);
        cmd.Parameters.Add(Jsonb(draft.Headline));
        cmd.Parameters.Add(Jsonb(draft.Description));
        cmd.Parameters.Add(draft.Instruction is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = DBNull.Value }
            : Jsonb(draft.Instruction));
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)draft.Expires ?? DBNull.Value);
    }

    private static NpgsqlParameter Jsonb(IReadOnlyDictionary<string, string> texts) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(texts) };

    private static async Task<List<CapReference>> ReferencesAsync(NpgsqlTransaction tx, long alertId, CancellationToken cancellationToken)
    {
        var references = new List<CapReference>();
        await using var cmd = new NpgsqlCommand(
            "SELECT cap_xml, identifier, sent FROM ops.public_alert_messages WHERE alert_id = $1 ORDER BY version", tx.Connection, tx);
        cmd.Parameters.AddWithValue(alertId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The sender as it was written then (the configured sender may have changed since).
            var published = System.Xml.Linq.XDocument.Parse(reader.GetString(0)).Root!.Element(CapDocument.Ns + "sender")!.Value;
            references.Add(new CapReference(published, reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return references;
    }

    private PublicAlert FromDraft(
        long id, string identifier, int version, string msgType, AlertDraft draft, AlertArea area, DateTimeOffset sent,
            DateTimeOffset createdAt)
    {
        var areaJson = area.Kind switch
        {
            AlertArea.DistrictsKind => JsonSerializer.SerializeToElement(new { districts = area.Districts }),
            AlertArea.ChomeKind => JsonSerializer.SerializeToElement(new { chome = area.Chome }),
            _ => JsonSerializer.SerializeToElement(new { polygon = draft.PolygonJson }),
        };
        var shown = TopologyPreservingSimplifier.Simplify(area.Geometry, 1e-5);
        return new PublicAlert(
            id, identifier, version, msgType, draft.Status, Active: true, Cancelled: false, draft.Level.Level, draft.Level.Evacuation,
            draft.Level.Event, areaJson, area.Districts, area.Description, draft.Headline, draft.Description, draft.Instruction,
            sent, draft.Expires, createdAt, sent, null, PublicAlert.CapPath(id), JsonSerializer.SerializeToElement(shown, GeoJson));
    }

    private string? Web(long id) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? null : options.PublicBaseUrl.TrimEnd('/') + "/api/public-alerts/" + id.ToString(
            CultureInfo.InvariantCulture);
}
