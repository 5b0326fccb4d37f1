using Minato.Gis.Database;
using Minato.Gis.Layers;
using Npgsql;

namespace Minato.Disaster.Decisions;

/// <summary>
/// Computes the decision board from the inputs in force (every <see cref="IDecisionInputSource"/>), the rule table in
/// force (<see cref="DecisionRuleStore"/>), the hazard areas, the 町丁目 and the resident alerts in force. Reads only;
/// thread-safe. A 町丁目 is in a rule's area when it overlaps (not just touches) a hazard area of the rule's kind and rank.
/// </summary>
public sealed class DecisionBoard(
    NpgsqlDataSource db, DecisionRuleStore rules, IEnumerable<IDecisionInputSource> sources, TimeProvider time)
{
    /// <summary>How long a draft alert is proposed to last.</summary>
    public static TimeSpan DraftLifetime { get; } = TimeSpan.FromHours(24);

    public async Task<DecisionBoardView> ComputeAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var set = (await rules.GetAsync(cancellationToken: cancellationToken))!;
        var inputs = new List<DecisionInput>();
        foreach (var source in sources)
        {
            inputs.AddRange(await source.CurrentAsync(cancellationToken));
        }

        var reasons = new List<DecisionReason>();
        var ranks = new List<int>();
        var staff = new List<StaffProposal>();
        foreach (var input in inputs)
        {
            foreach (var rule in set.Rules.Where(r => r.Source == input.Source && r.Trigger == input.Trigger
                         && (r.River is null || r.River == input.River)))
            {
                var reason = new DecisionReason(rule.Level ?? 0, input.Source, input.Trigger, rule.Hazard, input.Reason, input.Since,
                    input.Reference, rule.Basis);
                if (rule.Level is null)
                {
                    staff.Add(new StaffProposal(rule.Staff!, reason));
                }
                else
                {
                    reasons.Add(reason);
                    ranks.Add(rule.MinRank);
                }
            }
        }

        var areas = await AreasAsync(reasons, ranks, cancellationToken);
        var alerts = await AlertsAsync(now, cancellationToken);
        var chome = await db.QueryAsync("SELECT key_code, name, district, population, households FROM gis.chome ORDER BY key_code", null,
            r => (Key: r.GetString(0), Name: r.GetString(1), District: r.GetString(2), Population: r.GetInt32(3),
                Households: r.GetInt32(4)), cancellationToken);
        var rows = new List<ChomeDecision>();
        foreach (var c in chome)
        {
            var mine = reasons.Select((r, i) => (r, i)).Where(x => areas.ContainsKey((x.i, c.Key)))
                .OrderByDescending(x => x.r.Level).ToList();
            var inForce = alerts.GetValueOrDefault(c.Key) ?? [];
            if (mine.Count == 0 && inForce.Count == 0)
            {
                continue;
            }

            int? level = mine.Count > 0 ? mine[0].r.Level : null;
            var share = mine.Count > 0 ? mine.Where(x => x.r.Level == level).Max(x => areas[(x.i, c.Key)]) : 0;
            var evacuation = level is { } l ? PublicAlerts.WarningLevel.Of(l)!.Evacuation : null;
            rows.Add(new ChomeDecision(c.Key, c.Name, c.District, level, evacuation,
                mine.Select(x => x.r).ToList(), c.Population, c.Households, (int)Math.Round(c.Population * share), inForce,
                inForce.Count > 0 && inForce.Max(a => a.Level) > (level ?? 0)));
        }

        var districts = Ward.Districts.Select(d => District(d, rows.Where(r => r.District == d.Id).ToList(), now)).ToList();
        return new DecisionBoardView(now, set.Version, inputs, districts, rows, staff);
    }

    private static DistrictDecision District((string Id, string NameJa, string NameEn) d, List<ChomeDecision> rows, DateTimeOffset now)
    {
        var level = rows.Max(r => r.Level);
        var atLevel = level is null ? [] : rows.Where(r => r.Level == level).ToList();
        var reasons = atLevel.SelectMany(r => r.Reasons.Where(x => x.Level == level))
            .DistinctBy(r => (r.Source, r.Trigger, r.Reference, r.Hazard)).ToList();
        var alerts = rows.SelectMany(r => r.Alerts).DistinctBy(a => a.Id).OrderBy(a => a.Id).ToList();
        var draft = level is { } l
            ? DecisionDrafts.Draft(l, d.NameJa, d.NameEn, atLevel.Select(r => r.KeyCode).ToList(), reasons, now + DraftLifetime)
            : null;
        return new DistrictDecision(d.Id, d.NameJa, d.NameEn, level, atLevel.Select(r => r.KeyCode).ToList(),
            atLevel.Sum(r => (long)r.ResidentsInArea), reasons, alerts, rows.Any(r => r.MayLower), draft);
    }

    /// <summary>(reason index, KEY_CODE) → share of the 町丁目's area inside the reason's hazard areas.</summary>
    private async Task<Dictionary<(int, string), double>> AreasAsync(List<DecisionReason> reasons, List<int> minRanks,
        CancellationToken cancellationToken)
    {
        if (reasons.Count == 0)
        {
            return [];
        }

        var rows = await db.QueryAsync("""
            WITH r AS (SELECT * FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS r (hazard, min_rank, idx)),
            hit AS (
                SELECT r.idx, c.key_code, c.geom, ST_Union(h.geom) AS area
                FROM r JOIN gis.hazard_areas h ON h.kind = r.hazard AND h.rank >= r.min_rank
                JOIN gis.chome c ON ST_Intersects(c.geom, h.geom) AND NOT ST_Touches(c.geom, h.geom)
                GROUP BY r.idx, c.key_code, c.geom
                UNION ALL
                SELECT r.idx, c.key_code, c.geom, c.geom FROM r CROSS JOIN gis.chome c WHERE r.hazard = 'ward')
            SELECT idx, key_code, least(1, ST_Area(ST_Intersection(geom, area)::geography) / ST_Area(geom::geography)) FROM hit
            """, [reasons.Select(r => r.Hazard).ToArray(), minRanks.ToArray()], r => (Index: (int)r.GetInt64(0) - 1, Key: r.GetString(1),
                Share: r.GetDouble(2)), cancellationToken);
        return rows.Where(x => x.Share > 0).ToDictionary(x => (x.Index, x.Key), x => x.Share);
    }

    /// <summary>KEY_CODE → the active, real (cap_status Actual) resident alerts over it.</summary>
    private async Task<Dictionary<string, List<AlertInForce>>> AlertsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync("""
            SELECT c.key_code, a.id, a.level, a.evacuation, a.headline ->> 'ja'
            FROM ops.public_alerts a JOIN gis.chome c ON ST_Intersects(c.geom, a.geom) AND NOT ST_Touches(c.geom, a.geom)
            WHERE a.state = 'active' AND a.cap_status = 'Actual' AND (a.expires IS NULL OR a.expires > $1)
            ORDER BY a.id
            """, [now], r => (Key: r.GetString(0), Alert: new AlertInForce(r.GetInt64(1), r.GetInt16(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4))), cancellationToken);
        return rows.GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Alert).ToList());
    }
}
