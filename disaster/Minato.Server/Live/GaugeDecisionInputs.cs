using Minato.Disaster.Decisions;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Server.Live;

/// <summary>
/// The gauges' side of the decision board: every station's alert stage above normal (<c>sensors.alert_states</c>, kept
/// by the sensors' alert engine with its dwell times) as a <see cref="DecisionInput"/> whose trigger is the stage name
/// (氾濫危険水位, 非常に激しい雨 …) and whose river is the gauge's. Lives in the host, the one place that knows both modules.
/// </summary>
internal sealed class GaugeDecisionInputs(NpgsqlDataSource db) : IDecisionInputSource
{
    public async Task<IReadOnlyList<DecisionInput>> CurrentAsync(CancellationToken cancellationToken = default) =>
        await db.QueryAsync("""
            SELECT a.station_id, a.stage_name, s.river, s.reach, s.name_ja, s.name_en, a.since
            FROM sensors.alert_states a JOIN sensors.stations s ON s.id = a.station_id
            WHERE a.stage > 0 AND a.measure <> 'offline'
            ORDER BY a.station_id, a.measure
            """, null, r =>
        {
            var stage = r.GetString(1);
            var river = r.IsDBNull(2) ? null : r.GetString(2);
            var place = river is null ? r.GetString(4) : $"{river} {(r.IsDBNull(3) ? r.GetString(4) : r.GetString(3))}";
            var reason = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ja"] = $"{place} {stage} 到達（区の観測）", ["en"] = $"{r.GetString(5)}: {stage} reached (ward gauge)",
            };
            return new DecisionInput(DecisionInput.GaugeSource, stage, river, reason, r.GetFieldValue<DateTimeOffset>(6), r.GetString(0));
        }, cancellationToken);
}
