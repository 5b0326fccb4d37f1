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
    public async Task<IReadOnlyList<IsolatedChome>?> IsolatedAsync(string hazard, CancellationToken cancellationToken = default)
    {
        var weights = HazardWeights.Find(hazard) ?? throw new ArgumentOutOfRangeException(nameof(hazard), hazard, "unknown hazard");
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await conn.ScalarAsync("SELECT to_regclass('gis.chome')::text", cancellationToken: cancellationToken) is null)
        {
            return null;
        }

        var version = await RoadGraph.ReadVersionAsync(conn, cancellationToken);
        var sites = await SitesAsync(conn, weights, cancellationToken);
        var graph = await GraphAsync(version, cancellationToken);
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
        // No open site suitable for the hazard at all (Minato's GSI list designates none for large fires): every 町丁目 is
        // without a destination, a gap in the designations rather than roads cut — said as "no_site". Sites that exist but
        // sit on blocked roads are roads cut ("isolated").
        var cutOff = sites.Count == 0 ? "no_site" : "isolated";
        var isolated = new List<IsolatedChome>();
        await using var cmd = Sql.Command(conn, ChomeSql);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var (lon, lat) = (r.GetDouble(4), r.GetDouble(5));
            var snap = graph.Snap(lon, lat, Options.MaxSnapDistanceM, _ => true);
            var reached = snap is not null && !double.IsPositiveInfinity(Factor(snap.Edge))
                && (double.IsFinite(paths.Cost[graph.From[snap.Edge]]) || double.IsFinite(paths.Cost[graph.To[snap.Edge]]));
            if (!reached)
            {
                isolated.Add(new IsolatedChome(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                    r.IsDBNull(2) ? 0 : r.GetInt32(2), r.IsDBNull(3) ? 0 : r.GetInt32(3), lon, lat,
                    snap is null ? "off_network" : cutOff, r.GetString(6)));
            }
        }

        return isolated;
    }
}

/// <summary>A 町丁目 cut off for a hazard: key code, name, residents, households, its representative point (EPSG:6668),
/// why (<c>isolated</c>; <c>off_network</c> when no walkable road lies within the snap distance of it; <c>no_site</c> when
/// no open site suitable for the hazard exists at all, so nothing is reachable from anywhere) and its district
/// (<c>shiba</c>, …; the live <c>isolation</c> kind is routed by it).</summary>
public sealed record IsolatedChome(
    string KeyCode, string? Name, int Population, int Households, double Lon, double Lat, string Reason, string? District = null);
