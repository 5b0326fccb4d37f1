using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Minato.Gis.Database;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Minato.Gis.Routing;

/// <summary>
/// Walking routes over the in-process <see cref="RoadGraph"/>: to the nearest open site suitable for a hazard (plus
/// alternatives to other sites), or point to point. Each request reads the layer versions in the same round trip as the
/// open sites and rebuilds the graph when roads or hazard areas changed, so a road blocked by a committed report shapes
/// the very next route. Sites are read per request (opening and closing them is cheap to follow). Thread-safe; one per
/// process.
/// </summary>
public sealed partial class RoutePlanner(NpgsqlDataSource dataSource, IOptions<RoutingOptions> options)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile RoadGraph? _graph;

    // A shelter that operations closed (ops.shelter_status) is no destination even while gis.facilities says open.
    internal static readonly FrozenDictionary<string, string> SitesSql = HazardWeights.All.ToFrozenDictionary(h => h.Hazard, h => $"""
        SELECT f.id, f.kind, f.name, f.address, ST_X(f.geom), ST_Y(f.geom), f."{h.SuitabilityColumn}"
        FROM gis.facilities f
        WHERE f.kind IN ('evacuation_site', 'shelter') AND f.is_open
          AND (f."{h.SuitabilityColumn}"{(h.FallbackSuitabilityColumn is { } fb ? $" OR f.\"{fb}\"" : "")})
          AND NOT EXISTS (SELECT 1 FROM ops.shelter_status s WHERE s.facility_id = f.id AND NOT s.open AND s.closed_at IS NOT NULL)
        ORDER BY f.id
        """, StringComparer.Ordinal);

    internal const string CrossingsSql = """
        SELECT h.id, h.kind, h.rank, h.rank_label FROM gis.hazard_areas h
        WHERE h.kind = $1 AND ST_Intersects(h.geom, $2) ORDER BY h.rank DESC, h.id
        """;

    private RoutingOptions Options => options.Value;

    /// <summary>The current graph, rebuilt first when the database's layer versions moved.</summary>
    public async Task<RoadGraph> GraphAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GraphAsync(await RoadGraph.ReadVersionAsync(conn, cancellationToken), cancellationToken);
    }

    private async Task<RoadGraph> GraphAsync(GraphVersion version, CancellationToken cancellationToken)
    {
        if (_graph is { } g && g.Version == version)
        {
            return g;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_graph is { } again && again.Version == version)
            {
                return again;
            }

            var fresh = await RoadGraph.LoadAsync(dataSource, cancellationToken);
            _graph = fresh;
            return fresh;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Routes from (lon, lat) to the nearest open sites suitable for <paramref name="hazard"/>, nearest first.</summary>
    public async Task<RouteResult> EvacuationAsync(double lon, double lat, string hazard, RouteMode mode,
        CancellationToken cancellationToken = default)
    {
        if (HazardWeights.Find(hazard) is not { } weights)
        {
            return RouteResult.Refused(RouteRefusal.UnknownHazard, $"unknown hazard '{hazard}'");
        }

        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = await RoadGraph.ReadVersionAsync(conn, cancellationToken);
        var sites = await SitesAsync(conn, weights, cancellationToken);
        var graph = await GraphAsync(version, cancellationToken);
        if (sites.Count == 0)
        {
            return RouteResult.Refused(RouteRefusal.NoSite,
                $"避難先がありません: no open evacuation site or shelter is designated for {hazard}");
        }

        return await RouteToSitesAsync(conn, graph, lon, lat, weights, mode, sites, 1 + Options.Alternatives,
            $"none of the {sites.Count} open site(s) suitable for {hazard} can be", cancellationToken);
    }

    /// <summary>
    /// The search shared by the evacuation routes: from (lon, lat) under the hazard's weights to the cheapest
    /// <paramref name="take"/> of <paramref name="sites"/>; <paramref name="target"/> ("none of … can be") opens the isolation reason.
    /// </summary>
    private async Task<RouteResult> RouteToSitesAsync(NpgsqlConnection conn, RoadGraph graph, double lon, double lat,
        HazardWeights weights, RouteMode mode, IReadOnlyList<RouteSite> sites, int take, string target,
        CancellationToken cancellationToken)
    {
        var noSteps = mode == RouteMode.Wheelchair;
        if (SnapStart(graph, lon, lat, noSteps) is not { } start)
        {
            return OffNetwork("start", lon, lat);
        }

        var kind = RoadGraph.IndexOfKind(weights.AreaKind);
        var startRank = kind < 0 ? 0 : graph.Ranks[kind][start.Edge];
        double Factor(int e) => noSteps && graph.Steps[e] ? double.PositiveInfinity
            : kind < 0 ? 1 : weights.Factor(graph.Ranks[kind][e], startRank);
        var paths = ShortestPaths.Run(graph, Seeds(graph, start, Factor), Factor);
        var reached = new List<(RouteSite Site, RoadSnap Snap, Reach Reach)>();
        foreach (var site in sites)
        {
            if (graph.SnapSite(site.Lon, site.Lat, Options.MaxSnapDistanceM, noSteps) is { } snap
                && Arrive(graph, paths, start, snap, Factor) is { } reach)
            {
                reached.Add((site, snap, reach));
            }
        }

        if (reached.Count == 0)
        {
            return RouteResult.Refused(RouteRefusal.Isolated, $"孤立: {target} "
                + "reached from here without blocked roads" + (weights.AreaKind is null ? "" : $" or forbidden {weights.AreaKind} areas")
                + (noSteps ? " or steps" : ""));
        }

        var routes = new List<PlannedRoute>();
        foreach (var (site, snap, reach) in reached.OrderBy(r => r.Reach.Cost).ThenBy(r => r.Site.Id).Take(take))
        {
            routes.Add(await BuildAsync(conn, graph, paths, start, snap, reach, routes.Count + 1, site, weights.AreaKind, mode,
                cancellationToken));
        }

        return RouteResult.Found(routes);
    }

    /// <summary>The route from one point to another (staff).</summary>
    public async Task<RouteResult> PointToPointAsync(double lon, double lat, double toLon, double toLat, RouteMode mode,
        CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        var graph = await GraphAsync(await RoadGraph.ReadVersionAsync(conn, cancellationToken), cancellationToken);
        var noSteps = mode == RouteMode.Wheelchair;
        if (SnapStart(graph, lon, lat, noSteps) is not { } start)
        {
            return OffNetwork("start", lon, lat);
        }

        if (SnapStart(graph, toLon, toLat, noSteps) is not { } end)
        {
            return OffNetwork("destination", toLon, toLat);
        }

        double Factor(int e) => noSteps && graph.Steps[e] ? double.PositiveInfinity : 1;
        var paths = ShortestPaths.Run(graph, Seeds(graph, start, Factor), Factor);
        if (Arrive(graph, paths, start, end, Factor) is not { } reach)
        {
            return RouteResult.Refused(RouteRefusal.Isolated,
                "経路がありません: the destination cannot be reached without blocked roads" + (noSteps ? " or steps" : ""));
        }

        return RouteResult.Found([await BuildAsync(conn, graph, paths, start, end, reach, 1, null, null, mode, cancellationToken)]);
    }

    private RoadSnap? SnapStart(RoadGraph graph, double lon, double lat, bool noSteps) =>
        graph.Snap(lon, lat, Options.MaxSnapDistanceM, e => !(noSteps && graph.Steps[e]));

    private RouteResult OffNetwork(string which, double lon, double lat) => RouteResult.Refused(RouteRefusal.OffNetwork,
        $"道路網から離れすぎています: the {which} ({lon}, {lat}) is more than {Options.MaxSnapDistanceM} m from any walkable road");

    private static async Task<List<(RouteSite Site, bool Primary)>> QuerySitesAsync(NpgsqlConnection conn, HazardWeights weights,
        CancellationToken cancellationToken)
    {
        // Prepared: run on every public route.
        return [.. await conn.QueryPreparedAsync(SitesSql[weights.Hazard], null, r => (new RouteSite(r.GetInt64(0), r.GetString(1),
            r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDouble(4), r.GetDouble(5)), r.GetBoolean(6)),
            cancellationToken)];
    }

    /// <summary>The open suitable sites; a hazard with a fallback flag (inland flood) uses it only when none has its own.</summary>
    private static async Task<IReadOnlyList<RouteSite>> SitesAsync(NpgsqlConnection conn, HazardWeights weights,
        CancellationToken cancellationToken)
    {
        var all = await QuerySitesAsync(conn, weights, cancellationToken);
        var primary = all.Where(s => s.Primary).Select(s => s.Site).ToList();
        return primary.Count > 0 ? primary : all.Select(s => s.Site).ToList();
    }
}
