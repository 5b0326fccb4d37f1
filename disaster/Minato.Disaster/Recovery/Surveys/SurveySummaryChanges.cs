using System.Text.Json;
using Minato.Disaster.Situation;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// The live situation's view of the damage survey: per district, how many surveyed buildings have each grade (by their
/// effective survey). Counts only — no address, no person — and still not public: HQ sees every district, a district
/// HQ its own. Entity id = the district id, or <see cref="NoDistrict"/> for buildings outside every district area.
/// </summary>
public static class SurveySummaryChanges
{
    public const string NoDistrict = "none";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Version = the newest survey id counted, so a summary read earlier never overwrites one read later.
    private const string Sql =
        """
        SELECT coalesce(b.district, '') AS district, e.grade, count(*), max(e.max_id) OVER (PARTITION BY coalesce(b.district, ''))
        FROM ops.buildings b
        CROSS JOIN LATERAL (SELECT x.grade, (SELECT max(y.id) FROM ops.damage_surveys y WHERE y.building_id = b.id) AS max_id
                            FROM ops.damage_surveys x WHERE x.building_id = b.id
                            ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) e
        WHERE $1::text IS NULL OR coalesce(b.district, '') = $1
        GROUP BY 1, 2, e.max_id
        """;

    /// <summary>The summaries of every district with surveys (<paramref name="district"/> null), or of one district.</summary>
    public static async Task<IReadOnlyList<SituationChange>> LoadAsync(
        NpgsqlDataSource db, string? district, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counts = new Dictionary<string, (Dictionary<string, long> ByGrade, long Version)>(StringComparer.Ordinal);
        await using (var cmd = db.CreateCommand(Sql))
        {
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = district is null ? DBNull.Value
                : district == NoDistrict ? "" : district });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var d = r.GetString(0);
                if (!counts.TryGetValue(d, out var entry))
                {
                    entry = (DamageGrades.All.ToDictionary(g => g.ToWire(), _ => 0L, StringComparer.Ordinal), 0);
                }

                entry.ByGrade[r.GetString(1)] += r.GetInt64(2);
                counts[d] = (entry.ByGrade, Math.Max(entry.Version, r.GetInt64(3)));
            }
        }

        return [.. counts.Select(c => Change(c.Key.Length == 0 ? null : c.Key, c.Value.ByGrade, c.Value.Version))];
    }

    private static SituationChange Change(string? district, Dictionary<string, long> byGrade, long version)
    {
        var data = JsonSerializer.Serialize(new { district, buildings = byGrade.Values.Sum(), byGrade }, Json);
        return new SituationChange(SituationKinds.DamageSurveySummary, district ?? NoDistrict, data, PublicData: null,
            district is null ? ChangeRouting.HqOnly : new ChangeRouting(District: district), Version: version);
    }
}
