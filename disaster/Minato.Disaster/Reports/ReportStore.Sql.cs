using System.Globalization;
using Minato.Gis.Database;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Reports;

/// <summary>
/// The SQL of reports (<c>ops.reports</c>, <c>ops.report_history</c>, <c>ops.photos</c>, <c>ops.report_roads</c>).
/// Every write takes the caller's transaction, so the write, its audit row and its idempotency row commit together.
/// Distances in metres are measured in EPSG:6677 (Japan Plane Rectangular CS IX). Stateless, thread-safe.
/// </summary>
public sealed partial class ReportStore
{
    /// <summary>Whether the geometry lies inside Minato City (<c>gis.boundary</c>; the ward's bounding box when no
    /// boundary is loaded) and the district of its representative point (the point, or a line's midpoint; the nearest
    /// district within 500 m when it falls in a gap between district polygons).</summary>
    public static async Task<(bool Inside, string? District)> LocateAsync(
        NpgsqlConnection connection, Geometry geometry, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            WITH g AS (SELECT $1::geometry AS g),
                 rep AS (SELECT ST_Transform(CASE WHEN GeometryType(g) = 'LINESTRING' THEN ST_LineInterpolatePoint(g, 0.5) ELSE g END,
                                             6677) AS p FROM g)
            SELECT
                CASE WHEN EXISTS (SELECT 1 FROM gis.boundary)
                     THEN EXISTS (SELECT 1 FROM gis.boundary b, g WHERE ST_Covers(b.geom, g.g))
                     ELSE (SELECT ST_Covers(ST_MakeEnvelope(139.708, 35.623, 139.783, 35.683, 6668), g.g) FROM g) END,
                (SELECT d.id FROM gis.districts d, rep
                 WHERE ST_DWithin(ST_Transform(d.geom, 6677), rep.p, 500)
                 ORDER BY ST_Distance(ST_Transform(d.geom, 6677), rep.p), d.id LIMIT 1)
            """, connection);
        cmd.Parameters.AddWithValue(geometry);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public static async Task<long> InsertAsync(
        NpgsqlTransaction tx, ReportDraft draft, string? district, string subject, string role, DateTimeOffset now,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.reports (category, severity, status, district, note, observed_at, reported_at, reported_by, reporter_role,
              updated_at, geom)
            VALUES ($1, $2, 'reported', $3, $4, $5, $6, $7, $8, $6, $9) RETURNING id
            """, tx.Connection, tx);
        cmd.Parameters.AddWithValue(draft.Category);
        cmd.Parameters.AddWithValue((short)draft.Severity);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)district ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)draft.Note ?? DBNull.Value);
        cmd.Parameters.AddWithValue(draft.ObservedAt);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(subject);
        cmd.Parameters.AddWithValue(role);
        cmd.Parameters.AddWithValue(draft.Geometry);
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        await AddHistoryAsync(tx, id, ReportStatuses.Reported, now, subject, role, null, null, cancellationToken);
        return id;
    }

    public static async Task AddHistoryAsync(
        NpgsqlTransaction tx, long reportId, string status, DateTimeOffset at, string by, string role, string? note, string? assignee,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.report_history (report_id, seq, status, at, by, role, note, assignee)
            SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM ops.report_history WHERE report_id = $1
            """, tx.Connection, tx);
        cmd.Parameters.AddWithValue(reportId);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue(at);
        cmd.Parameters.AddWithValue(by);
        cmd.Parameters.AddWithValue(role);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)note ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)assignee ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores processed photos; returns their ids in order.</summary>
    public static async Task<IReadOnlyList<long>> InsertPhotosAsync(
        NpgsqlTransaction tx, long reportId, IReadOnlyList<ProcessedPhoto> photos, string subject, DateTimeOffset now,
            CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(photos);
        var ids = new List<long>(photos.Count);
        foreach (var p in photos)
        {
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO ops.photos (report_id, content_type, width, height, bytes, sha256, uploaded_at, uploaded_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                """, tx.Connection, tx);
            cmd.Parameters.AddWithValue(reportId);
            cmd.Parameters.AddWithValue(p.ContentType);
            cmd.Parameters.AddWithValue(p.Width);
            cmd.Parameters.AddWithValue(p.Height);
            cmd.Parameters.AddWithValue(p.Bytes);
            cmd.Parameters.AddWithValue(p.UploadSha256);
            cmd.Parameters.AddWithValue(now);
            cmd.Parameters.AddWithValue(subject);
            ids.Add((long)(await cmd.ExecuteScalarAsync(cancellationToken))!);
        }

        return ids;
    }

    /// <summary>
    /// Links and blocks the road segments a road-blocked report covers: for a Point every segment within
    /// <see cref="ReportOptions.PointBlockMetres"/>; for a LineString every segment of which at least half (or 25 m)
    /// lies within <see cref="ReportOptions.LineBlockMetres"/> of the line, so the cross streets it merely touches at
    /// a junction stay open. Road rows are locked in id order (the same order as <see cref="UnblockRoadsAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyList<long>> BlockRoadsAsync(
        NpgsqlTransaction tx, long reportId, Geometry geometry, ReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(options);
        var ids = await LockCoveredRoadsAsync(tx, geometry, options, cancellationToken);
        if (ids.Count > 0)
        {
            await LinkAndBlockAsync(tx, reportId, ids, cancellationToken);
        }

        return ids;
    }

    /// <summary>
    /// Re-opens the roads a (now closed) report blocked, except those another open road-blocked report still covers.
    /// Returns the ids re-opened.
    /// </summary>
    public static async Task<IReadOnlyList<long>> UnblockRoadsAsync(NpgsqlTransaction tx, long reportId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        // Lock the roads first (id order): a concurrent report blocking one of them commits before the check below runs,
        // and this statement's fresh snapshot then sees its link.
        await tx.ExecAsync(
            """
            SELECT r.id FROM gis.roads r WHERE r.id IN (SELECT road_id FROM ops.report_roads WHERE report_id = $1)
            ORDER BY r.id FOR UPDATE OF r
            """, [reportId], cancellationToken);
        return await tx.QueryAsync(
            """
            UPDATE gis.roads r SET blocked = false, updated_at = now()
            WHERE r.id IN (SELECT road_id FROM ops.report_roads WHERE report_id = $1) AND r.blocked
              AND NOT EXISTS (SELECT 1 FROM ops.report_roads rr JOIN ops.reports o ON o.id = rr.report_id
                              WHERE rr.road_id = r.id AND rr.report_id <> $1 AND o.status NOT IN ('resolved', 'rejected'))
            RETURNING r.id
            """, [reportId], r => r.GetInt64(0), cancellationToken);
    }

    // The road segments the geometry covers (see BlockRoadsAsync), locked in id order.
    private static Task<IReadOnlyList<long>> LockCoveredRoadsAsync(
        NpgsqlTransaction tx, Geometry geometry, ReportOptions options, CancellationToken cancellationToken) =>
        tx.QueryAsync(
            """
            SELECT r.id FROM gis.roads r
            WHERE r.geom && ST_Expand($1::geometry, 0.002)
              AND CASE WHEN GeometryType($1::geometry) = 'POINT'
                  THEN ST_DWithin(ST_Transform(r.geom, 6677), ST_Transform($1::geometry, 6677), $2)
                  ELSE ST_Length(ST_Intersection(ST_Transform(r.geom, 6677), ST_Buffer(ST_Transform($1::geometry, 6677), $3)))
                       >= LEAST(25, 0.5 * ST_Length(ST_Transform(r.geom, 6677)))
                  END
            ORDER BY r.id
            FOR UPDATE OF r
            """, [geometry, options.PointBlockMetres, options.LineBlockMetres], r => r.GetInt64(0), cancellationToken);

    // Links the report to the roads and blocks those not blocked yet.
    private static async Task LinkAndBlockAsync(NpgsqlTransaction tx, long reportId, IReadOnlyList<long> roads,
        CancellationToken cancellationToken)
    {
        var ids = roads.ToArray();
        await tx.ExecAsync("INSERT INTO ops.report_roads (report_id, road_id) SELECT $1, unnest($2::bigint[])", [reportId, ids],
            cancellationToken);
        await tx.ExecAsync("UPDATE gis.roads SET blocked = true, updated_at = now() WHERE id = ANY($1) AND NOT blocked", [ids],
            cancellationToken);
    }

    /// <summary>Locks a report for a status change; null when it does not exist.</summary>
    public static async Task<(string Status, string Category, string? District)?> LockAsync(
        NpgsqlTransaction tx, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var found = await tx.QueryAsync("SELECT status, category, district FROM ops.reports WHERE id = $1 FOR UPDATE", [id],
            r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public static async Task SetStatusAsync(
        NpgsqlTransaction tx, long id, string status, string? assignee, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        await tx.ExecAsync("UPDATE ops.reports SET status = $2, assignee = coalesce($3, assignee), updated_at = $4 WHERE id = $1",
            [id, status, Sql.Typed(NpgsqlDbType.Text, assignee), now], cancellationToken);
    }

    /// <summary>A stored photo's bytes and media type; null when the report has no such photo.</summary>
    public static async Task<(string ContentType, byte[] Bytes)?> PhotoAsync(
        NpgsqlDataSource db, long reportId, long photoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = db.CreateCommand("SELECT content_type, bytes FROM ops.photos WHERE report_id = $1 AND id = $2");
        cmd.Parameters.AddWithValue(reportId);
        cmd.Parameters.AddWithValue(photoId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <summary>Reports matching <paramref name="filter"/>, newest first, with history, photos and blocked roads.</summary>
    public static async Task<IReadOnlyList<ReportView>> QueryAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, ReportFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(filter);
        var rows = new List<(long Id, string Category, int Severity, string Status, Geometry Geom, string? District, string? Note,
            string? Assignee,
            DateTimeOffset ObservedAt, DateTimeOffset ReportedAt, string ReportedBy, DateTimeOffset UpdatedAt, string ReporterRole)>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT r.id, r.category, r.severity, r.status, r.geom, r.district, r.note, r.assignee, r.observed_at, r.reported_at,
                   r.reported_by, r.updated_at, r.reporter_role
            FROM ops.reports r
            WHERE ($1::bigint IS NULL OR r.id = $1)
              AND ($2::text[] IS NULL OR r.status = ANY($2))
              AND ($3::text[] IS NULL OR r.category = ANY($3))
              AND ($4::text IS NULL OR r.district = $4)
              AND ($5::float8[] IS NULL OR r.geom && ST_MakeEnvelope($5[1], $5[2], $5[3], $5[4], 6668))
              AND ($6::text IS NULL OR (r.reported_by = $6 AND r.reporter_role = $9) OR r.district = $7)
            ORDER BY r.reported_at DESC, r.id DESC
            LIMIT $8
            """, connection, tx))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Bigint, (object?)filter.Id ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)filter.Statuses?.ToArray() ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)filter.Categories?.ToArray() ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)filter.District ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Double, (object?)filter.Bbox ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)filter.OwnSubject ?? DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)filter.OwnDistrict ?? DBNull.Value);
            cmd.Parameters.AddWithValue(filter.Limit);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)filter.OwnRole ?? DBNull.Value);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt16(2), reader.GetString(3), reader.GetFieldValue<Geometry>(
                    4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8),
                        reader.GetFieldValue<DateTimeOffset>(9),
                    reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11), reader.GetString(12)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var history = new Dictionary<long, List<ReportHistoryEntry>>();
        var photos = new Dictionary<long, List<ReportPhoto>>();
        var roads = new Dictionary<long, List<long>>();
        await using (var cmd = new NpgsqlBatch(connection, tx))
        {
            foreach (var sql in new[]
            {
                "SELECT report_id, status, at, by, note, assignee FROM ops.report_history WHERE report_id = ANY($1) ORDER BY report_id, " +
                    "seq",
                "SELECT report_id, id, content_type, width, height FROM ops.photos WHERE report_id = ANY($1) ORDER BY report_id, id",
                "SELECT report_id, road_id FROM ops.report_roads WHERE report_id = ANY($1) ORDER BY report_id, road_id",
            })
            {
                cmd.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = ids } } });
            }

            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Add(history, reader.GetInt64(0), new ReportHistoryEntry(
                    reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var reportId = reader.GetInt64(0);
                var photoId = reader.GetInt64(1);
                Add(photos, reportId, new ReportPhoto(photoId, PhotoUrl(reportId, photoId), reader.GetString(2), reader.GetInt32(3),
                    reader.GetInt32(4)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Add(roads, reader.GetInt64(0), reader.GetInt64(1));
            }
        }

        return rows.Select(r => new ReportView(
            r.Id, r.Category, r.Severity, r.Status, ReportGeometry.ToGeoJson(r.Geom), r.District, r.Note, r.Assignee,
            r.ObservedAt.ToUniversalTime(), r.ReportedAt.ToUniversalTime(), r.ReportedBy, r.ReporterRole, r.UpdatedAt.ToUniversalTime(),
            photos.TryGetValue(r.Id, out var p) ? p : [], history.TryGetValue(r.Id, out var h) ? h : [],
            roads.TryGetValue(r.Id, out var rd) ? rd : [])).ToList();
    }

    public static string PhotoUrl(long reportId, long photoId) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/reports/{reportId}/photos/{photoId}");

    private static void Add<T>(Dictionary<long, List<T>> map, long key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
