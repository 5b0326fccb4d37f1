using Npgsql;
using NpgsqlTypes;

namespace Minato.Sensors.Ingest;

/// <summary>
/// Writes one batch in one transaction: the readings, the latest value per station and the batch's dead letters.
/// Readings go first by binary COPY straight into <c>sensors.observations</c> (the common case: no row is stored yet);
/// if a row is already there (a QoS 1 redelivery, a replay), that attempt is rolled back to a savepoint and the batch
/// goes by COPY into a temp staging table and <c>INSERT … ON CONFLICT (station_id, observed_at) DO NOTHING</c>, which
/// drops the duplicates. COPY costs PostgreSQL about a third of the per-row work of <c>INSERT … ON CONFLICT</c>
/// (speculative insertion per row), which matters at tens of thousands of readings per second. Rows are written in
/// (station, time) order, so concurrent batches take their locks in the same order. Thread-safe (one connection per call).
/// </summary>
public sealed class ObservationWriter(NpgsqlDataSource dataSource)
{
    private const string InsertSql =
        """
        WITH ins AS (
            INSERT INTO sensors.observations (station_id, observed_at, value, received_at)
            SELECT DISTINCT ON (station_id, observed_at) station_id, observed_at, value, received_at FROM sensors_staging
            ORDER BY station_id, observed_at
            ON CONFLICT (station_id, observed_at) DO NOTHING
            RETURNING station_id, observed_at, value, received_at
        ), newest AS (
            INSERT INTO sensors.latest AS l (station_id, observed_at, value, received_at)
            SELECT DISTINCT ON (station_id) station_id, observed_at, value, received_at FROM ins
            ORDER BY station_id, observed_at DESC
            ON CONFLICT (station_id) DO UPDATE SET observed_at = excluded.observed_at, value = excluded.value, received_at =
                excluded.received_at
            WHERE l.observed_at < excluded.observed_at
        )
        SELECT station_id, count(*)::int, min(observed_at), max(observed_at) FROM ins GROUP BY station_id
        """;

    private const string LatestSql =
        """
        INSERT INTO sensors.latest AS l (station_id, observed_at, value, received_at)
        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::timestamptz[]) ORDER BY 1
        ON CONFLICT (station_id) DO UPDATE SET observed_at = excluded.observed_at, value = excluded.value, received_at =
            excluded.received_at
        WHERE l.observed_at < excluded.observed_at
        """;

    public async Task<WriteResult> WriteAsync(
        IReadOnlyList<Reading> readings, IReadOnlyList<DeadLetter> deadLetters, DateTimeOffset receivedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(deadLetters);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var result = new WriteResult(0, 0, []);
        if (readings.Count > 0)
        {
            var sorted = SortedDistinct(readings);
            await tx.SaveAsync("copy", cancellationToken);
            try
            {
                await CopyAsync(conn, "sensors.observations", sorted, receivedAt, cancellationToken);
                var (touched, newest) = Summarise(sorted);
                await WriteLatestAsync(conn, tx, newest, receivedAt, cancellationToken);
                result = new WriteResult(sorted.Count, readings.Count - sorted.Count, touched);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackAsync("copy", cancellationToken);
                result = await WriteDroppingDuplicatesAsync(conn, tx, sorted, receivedAt, cancellationToken);
                result = result with { Duplicates = readings.Count - result.Inserted };
            }
        }

        if (deadLetters.Count > 0)
        {
            await using var dl = new NpgsqlCommand(
                """
                INSERT INTO sensors.dead_letters (topic, payload, reason, detail, received_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                """, conn, tx);
            dl.Parameters.AddWithValue(deadLetters.Select(d => d.Topic).ToArray());
            dl.Parameters.AddWithValue(deadLetters.Select(d => d.Payload).ToArray());
            dl.Parameters.AddWithValue(deadLetters.Select(d => d.Reason).ToArray());
            dl.Parameters.AddWithValue(deadLetters.Select(d => d.Detail).ToArray());
            dl.Parameters.AddWithValue(deadLetters.Select(d => d.ReceivedAt.UtcDateTime).ToArray());
            await dl.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The readings in (station, time) order, one per (station, time): the first of a batch's duplicates wins.</summary>
    private static List<Reading> SortedDistinct(IReadOnlyList<Reading> readings)
    {
        var seen = new HashSet<(string, DateTimeOffset)>(readings.Count);
        var distinct = new List<Reading>(readings.Count);
        foreach (var r in readings)
        {
            if (seen.Add((r.StationId, r.ObservedAt)))
            {
                distinct.Add(r);
            }
        }

        distinct.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.StationId, b.StationId);
            return c != 0 ? c : a.ObservedAt.CompareTo(b.ObservedAt);
        });
        return distinct;
    }

    /// <summary>Per station of sorted, all-new readings: count, oldest and newest time, and the newest reading itself.</summary>
    private static (List<StationWrite> Touched, List<Reading> Newest) Summarise(List<Reading> sorted)
    {
        var touched = new List<StationWrite>();
        var newest = new List<Reading>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1].StationId == sorted[i].StationId)
            {
                j++;
            }

            touched.Add(new StationWrite(sorted[i].StationId, j - i + 1, sorted[i].ObservedAt, sorted[j].ObservedAt));
            newest.Add(sorted[j]);
            i = j + 1;
        }

        return (touched, newest);
    }

    private static async Task CopyAsync(
        NpgsqlConnection conn, string table, List<Reading> readings, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var copy = await conn.BeginBinaryImportAsync(
            $"COPY {table} (station_id, observed_at, value, received_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in readings)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(r.StationId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(r.ObservedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(r.Value, NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(receivedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Each station's newest new reading into sensors.latest, unless a newer one is there.</summary>
    private static async Task WriteLatestAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, List<Reading> newest, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(LatestSql, conn, tx);
        cmd.Parameters.AddWithValue(newest.Select(r => r.StationId).ToArray());
        cmd.Parameters.AddWithValue(newest.Select(r => r.ObservedAt.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(newest.Select(r => r.Value).ToArray());
        cmd.Parameters.AddWithValue(newest.Select(_ => receivedAt.UtcDateTime).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The slow path when some rows are stored already: staging table, then insert what is new.</summary>
    private static async Task<WriteResult> WriteDroppingDuplicatesAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, List<Reading> sorted, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE IF NOT EXISTS sensors_staging (station_id text, observed_at timestamptz, value float8, received_at "
                + "timestamptz) ON COMMIT DELETE ROWS",
            conn, tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(conn, "sensors_staging", sorted, receivedAt, cancellationToken);
        var touched = new List<StationWrite>();
        var inserted = 0;
        await using var insert = new NpgsqlCommand(InsertSql, conn, tx);
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt32(1);
            inserted += count;
            touched.Add(new StationWrite(reader.GetString(0), count,
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return new WriteResult(inserted, sorted.Count - inserted, touched);
    }
}
