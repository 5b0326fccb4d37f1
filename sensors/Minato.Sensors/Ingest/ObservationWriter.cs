using Npgsql;
using NpgsqlTypes;

namespace Minato.Sensors.Ingest;

/// <summary>
/// Writes one batch in one transaction: readings by binary COPY into a temp staging table, then
/// <c>INSERT … ON CONFLICT (station_id, observed_at) DO NOTHING</c> (drops QoS 1 redeliveries), the latest value per
/// station, and the batch's dead letters. Thread-safe (one connection per call).
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
            ON CONFLICT (station_id) DO UPDATE SET observed_at = excluded.observed_at, value = excluded.value, received_at = excluded.received_at
            WHERE l.observed_at < excluded.observed_at
        )
        SELECT station_id, count(*)::int, min(observed_at), max(observed_at) FROM ins GROUP BY station_id
        """;

    public async Task<WriteResult> WriteAsync(
        IReadOnlyList<Reading> readings, IReadOnlyList<DeadLetter> deadLetters, DateTimeOffset receivedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(deadLetters);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var touched = new List<StationWrite>();
        var inserted = 0;
        if (readings.Count > 0)
        {
            await using (var create = new NpgsqlCommand(
                "CREATE TEMP TABLE IF NOT EXISTS sensors_staging (station_id text, observed_at timestamptz, value float8, received_at timestamptz) ON COMMIT DELETE ROWS",
                conn, tx))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var copy = await conn.BeginBinaryImportAsync(
                "COPY sensors_staging (station_id, observed_at, value, received_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
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

            await using var insert = new NpgsqlCommand(InsertSql, conn, tx);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var count = reader.GetInt32(1);
                inserted += count;
                touched.Add(new StationWrite(reader.GetString(0), count,
                    reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
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
        return new WriteResult(inserted, readings.Count - inserted, touched);
    }
}
