using NetTopologySuite.Geometries;
using Minato.Audit;
using Npgsql;

namespace Minato.Sensors.Stations;

/// <summary>Reads and writes <c>sensors.stations</c>. Thread-safe (stateless over the shared data source).</summary>
public sealed class StationStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, kind, name_ja, name_en, district, river, reach, interval_s, ST_X(geom), ST_Y(geom), rain_1h_mm, rain_24h_mm, river_stages_m, "
            + "dose_caution_usvh";

    public async Task<IReadOnlyList<Station>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM sensors.stations WHERE active ORDER BY id");
        return await ReadAsync(cmd, cancellationToken);
    }

    public async Task<Station?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM sensors.stations WHERE id = $1 AND active");
        cmd.Parameters.AddWithValue(id);
        return (await ReadAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Password hash per active station (the embedded broker's user list).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetPasswordHashesAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT id, mqtt_password_hash FROM sensors.stations WHERE active AND "
            + "mqtt_password_hash IS NOT NULL");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>Inserts or replaces stations (validated by the caller) in one transaction; a null password keeps the stored one.</summary>
    public Task UpsertAsync(IReadOnlyList<(Station Station, string? Password)> stations, CancellationToken cancellationToken = default) =>
        UpsertAsync(stations, audit: null, cancellationToken);

    /// <summary>
    /// Inserts or replaces stations in one transaction and, when <paramref name="audit"/> is given, appends it to the
    /// audit log in the same transaction (details gain the station ids; never the passwords).
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<(Station Station, string? Password)> stations, AuditRecord? audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stations);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        foreach (var (s, password) in stations)
        {
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO sensors.stations AS t (id, kind, name_ja, name_en, district, river, reach, interval_s, geom,
                    rain_1h_mm, rain_24h_mm, river_stages_m, dose_caution_usvh, mqtt_password_hash, active, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true, now())
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name_ja = excluded.name_ja, name_en = excluded.name_en,
                    district = excluded.district, river = excluded.river, reach = excluded.reach, interval_s = excluded.interval_s,
                    geom = excluded.geom, rain_1h_mm = excluded.rain_1h_mm, rain_24h_mm = excluded.rain_24h_mm,
                    river_stages_m = excluded.river_stages_m, dose_caution_usvh = excluded.dose_caution_usvh,
                    mqtt_password_hash = coalesce(excluded.mqtt_password_hash, t.mqtt_password_hash), active = true, updated_at = now()
                """, conn, tx);
            cmd.Parameters.AddWithValue(s.Id);
            cmd.Parameters.AddWithValue(s.Kind.ToWire());
            cmd.Parameters.AddWithValue(s.NameJa);
            cmd.Parameters.AddWithValue(s.NameEn);
            cmd.Parameters.AddWithValue((object?)s.District ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)s.River ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)s.Reach ?? DBNull.Value);
            cmd.Parameters.AddWithValue(s.IntervalSeconds);
            cmd.Parameters.AddWithValue(new Point(s.Lon, s.Lat) { SRID = 6668 });
            cmd.Parameters.AddWithValue(Reals(s.Rain1hMm));
            cmd.Parameters.AddWithValue(Reals(s.Rain24hMm));
            cmd.Parameters.AddWithValue(Reals(s.RiverStagesM));
            cmd.Parameters.AddWithValue(s.DoseCautionUsvh is { } d ? (float)d : DBNull.Value);
            cmd.Parameters.AddWithValue(password is null ? DBNull.Value : StationCredentials.Hash(password));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        if (audit is not null)
        {
            await AuditLog.AppendAsync(tx, audit with { Details = new { stations = stations.Select(s => s.Station.Id).ToArray(),
                credentialsSet = stations.Count(s => s.Password is not null), request = audit.Details } }, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Deactivates station <paramref name="id"/> (its readings stay) and audits it in the same transaction; false when there is
    /// no active station of that id.</summary>
    public async Task<bool> DeactivateAsync(string id, AuditRecord audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("UPDATE sensors.stations SET active = false, updated_at = now() WHERE id = $1 AND active",
            conn, tx);
        cmd.Parameters.AddWithValue(id);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await AuditLog.AppendAsync(tx, audit, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private static object Reals(IReadOnlyList<double>? values) => values is null ? DBNull.Value : values.Select(v => (float)v).ToArray();

    private static async Task<IReadOnlyList<Station>> ReadAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new List<Station>();
        while (await reader.ReadAsync(cancellationToken))
        {
            StationKinds.TryParse(reader.GetString(1), out var kind);
            result.Add(new Station(
                reader.GetString(0), kind, reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt32(7), reader.GetDouble(8), reader.GetDouble(9),
                Doubles(reader, 10), Doubles(reader, 11), Doubles(reader, 12),
                reader.IsDBNull(13) ? null : reader.GetFloat(13)));
        }

        return result;
    }

    private static double[]? Doubles(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<float[]>(ordinal).Select(f => Math.Round((double)f, 4)).ToArray();
}
