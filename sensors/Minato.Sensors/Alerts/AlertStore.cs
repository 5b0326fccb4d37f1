using System.Text.Json;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Sensors.Alerts;

/// <summary>Persists alert states, their history and the derived values of <c>sensors.latest</c>. Thread-safe.</summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    /// <summary>Current stages by (station, measure), to resume the state machines after a restart.</summary>
    public async Task<IReadOnlyDictionary<(string Station, string Measure), (int Stage, DateTimeOffset Since)>> LoadAsync(
        CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT station_id, measure, stage, since FROM sensors.alert_states");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new Dictionary<(string, string), (int, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt16(2), reader.GetFieldValue<DateTimeOffset>(3));
        }

        return result;
    }

    /// <summary>The raised alerts (stage above 0), each as a transition from stage 0 at the time it was raised.</summary>
    public Task<IReadOnlyList<AlertTransition>> LoadRaisedAsync(CancellationToken cancellationToken = default) =>
        dataSource.QueryAsync(
            "SELECT station_id, measure, stage, stage_name, warning_level, value, since FROM sensors.alert_states WHERE stage > 0",
            null,
            r => new AlertTransition(r.GetString(0), r.GetString(1), 0, r.GetInt16(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetInt16(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.GetFieldValue<DateTimeOffset>(6)),
            cancellationToken);

    /// <summary>Every station's latest reading with its derived values.</summary>
    public Task<IReadOnlyList<LatestReading>> LoadLatestAsync(CancellationToken cancellationToken = default) =>
        dataSource.QueryAsync(
            "SELECT station_id, observed_at, value, derived::text FROM sensors.latest",
            null,
            r => new LatestReading(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetDouble(2),
                JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(3))),
            cancellationToken);

    /// <summary>Stores the transitions (state + history) and a station's derived values in one transaction.</summary>
    public async Task SaveAsync(
        IReadOnlyList<AlertTransition> transitions, string? stationId, IReadOnlyDictionary<string, double>? derived,
            DateTimeOffset derivedAt,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        foreach (var t in transitions)
        {
            await using var state = new NpgsqlCommand(
                """
                INSERT INTO sensors.alert_states (station_id, measure, stage, stage_name, warning_level, value, since, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (station_id, measure) DO UPDATE SET stage = excluded.stage, stage_name = excluded.stage_name,
                    warning_level = excluded.warning_level, value = excluded.value, since = excluded.since, updated_at = excluded.updated_at
                """, conn, tx);
            AddCommon(state, t);
            state.Parameters.AddWithValue(now.UtcDateTime);
            await state.ExecuteNonQueryAsync(cancellationToken);

            await using var history = new NpgsqlCommand(
                """
                INSERT INTO sensors.alert_history (station_id, measure, from_stage, to_stage, stage_name, warning_level, value, changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, conn, tx);
            history.Parameters.AddWithValue(t.StationId);
            history.Parameters.AddWithValue(t.Measure);
            history.Parameters.AddWithValue((short)t.FromStage);
            history.Parameters.AddWithValue((short)t.ToStage);
            history.Parameters.AddWithValue(t.StageName);
            history.Parameters.AddWithValue(t.WarningLevel is { } w ? (short)w : DBNull.Value);
            history.Parameters.AddWithValue(t.Value is { } v ? v : DBNull.Value);
            history.Parameters.AddWithValue(t.At.UtcDateTime);
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        if (stationId is not null && derived is not null)
        {
            await using var latest = new NpgsqlCommand(
                "UPDATE sensors.latest SET derived = $2, derived_at = $3 WHERE station_id = $1", conn, tx);
            latest.Parameters.AddWithValue(stationId);
            latest.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(derived));
            latest.Parameters.AddWithValue(derivedAt.UtcDateTime);
            await latest.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static void AddCommon(NpgsqlCommand cmd, AlertTransition t)
    {
        cmd.Parameters.AddWithValue(t.StationId);
        cmd.Parameters.AddWithValue(t.Measure);
        cmd.Parameters.AddWithValue((short)t.ToStage);
        cmd.Parameters.AddWithValue(t.StageName);
        cmd.Parameters.AddWithValue(t.WarningLevel is { } w ? (short)w : DBNull.Value);
        cmd.Parameters.AddWithValue(t.Value is { } v ? v : DBNull.Value);
        cmd.Parameters.AddWithValue(t.At.UtcDateTime);
    }
}
