using Minato.Gis.Database;
using Npgsql;

namespace Minato.Gis.Routing;

// Isolation: the 町丁目 from which no walk avoiding blocked roads and the hazard's forbidden areas reaches an open suitable site.
public sealed partial class RoutePlanner
{
    // gis.chome comes with the 町丁目 layer; each is judged at its representative point (ST_PointOnSurface).
    internal const string ChomeSql = """
        SELECT key_code, name, population, households, ST_X(p), ST_Y(p), district
        FROM (SELECT key_code, name, population, households, district, ST_PointOnSurface(geom) AS p FROM gis.chome) c
        ORDER BY key_code
        """;

    /// <summary>
    /// The 町丁目 cut off from every open site suitable for <paramref name="hazard"/>: one search from all sites at once
    /// (the network is undirected) with the hazard's forbidden segments closed outright — the way out of an area is no
    /// escape here — and blocked roads absent. Null when the 町丁目 layer (<c>gis.chome</c>) is not loaded.
    /// </summary>
    public async Task<IReadOnlyList<IsolatedChome>?> IsolatedAsync(string hazard, CancellationToken cancellationToken = default) =>
        (await IsolatedAsync([hazard], cancellationToken))?[hazard];

    /// <summary>
    /// <see cref="IsolatedAsync(string, CancellationToken)"/> for several hazards at once, on one graph snapshot: the
    /// 町丁目 are read and snapped once, then each hazard costs its sites and one search. By hazard; null when the
    /// 町丁目 layer is not loaded.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<IsolatedChome>>?> IsolatedAsync(IReadOnlyList<string> hazards,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hazards);
        var all = hazards
            .Select(h => HazardWeights.Find(h) ?? throw new ArgumentOutOfRangeException(nameof(hazards), h, "unknown hazard")).ToList();
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await conn.ScalarAsync("SELECT to_regclass('gis.chome')::text", cancellationToken: cancellationToken) is null)
        {
            return null;
        }

        var version = await RoadGraph.ReadVersionAsync(conn, cancellationToken);
        var graph = await GraphAsync(version, cancellationToken);
        var chome = await conn.QueryAsync(ChomeSql, null, r => (
            Chome: new IsolatedChome(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? 0 : r.GetInt32(2),
                r.IsDBNull(3) ? 0 : r.GetInt32(3), r.GetDouble(4), r.GetDouble(5), "isolated", r.GetString(6)),
            Snap: graph.Snap(r.GetDouble(4), r.GetDouble(5), Options.MaxSnapDistanceM, _ => true)), cancellationToken);
        var result = new Dictionary<string, IReadOnlyList<IsolatedChome>>(StringComparer.Ordinal);
        foreach (var weights in all)
        {
            var sites = await SitesAsync(conn, weights, cancellationToken);
            var kind = RoadGraph.IndexOfKind(weights.AreaKind);
            double Factor(int e) => kind < 0 ? 1 : weights.Factor(graph.Ranks[kind][e], 0);
            var seeds = new List<(int, double, double)>();
            foreach (var site in sites)
            {
                if (graph.SnapSite(site.Lon, site.Lat, Options.MaxSnapDistanceM, noSteps: false) is { } snap)
                {
                    seeds.AddRange(Seeds(graph, snap, Factor));
                }
            }

            var paths = ShortestPaths.Run(graph, seeds, Factor);
            // No open site suitable for the hazard at all (Minato's GSI list designates none for large fires): every 町丁目
            // is without a destination, a gap in the designations rather than roads cut — said as "no_site". Sites that
            // exist but sit on blocked roads are roads cut ("isolated").
            var cutOff = sites.Count == 0 ? "no_site" : "isolated";
            result[weights.Hazard] = chome
                .Where(c => c.Snap is not { } snap || double.IsPositiveInfinity(Factor(snap.Edge))
                    || !(double.IsFinite(paths.Cost[graph.From[snap.Edge]]) || double.IsFinite(paths.Cost[graph.To[snap.Edge]])))
                .Select(c => c.Chome with { Reason = c.Snap is null ? "off_network" : cutOff })
                .ToList();
        }

        return result;
    }
}

/// <summary>A 町丁目 cut off for a hazard: key code, name, residents, households, its representative point (EPSG:6668),
/// why (<c>isolated</c>; <c>off_network</c> when no walkable road lies within the snap distance of it; <c>no_site</c> when
/// no open site suitable for the hazard exists at all, so nothing is reachable from anywhere) and its district
/// (<c>shiba</c>, …; the live <c>isolation</c> kind is routed by it).</summary>
public sealed record IsolatedChome(
    string KeyCode, string? Name, int Population, int Households, double Lon, double Lat, string Reason, string? District = null);
