using System.Collections.Frozen;
using Minato.Gis.Database;

namespace Minato.Gis.Routing;

// 「ここへの経路」 from a site's popup: the evacuation route restricted to one chosen site.
public sealed partial class RoutePlanner
{
    // One site by id with its suitability for the hazard (its fallback flag counts, as in SitesSql) and whether it is open
    // by the same two rules SitesSql applies (gis.facilities.is_open, and not closed by operations).
    internal static readonly FrozenDictionary<string, string> SiteSql = HazardWeights.All.ToFrozenDictionary(h => h.Hazard, h => $"""
        SELECT f.id, f.kind, f.name, f.address, ST_X(f.geom), ST_Y(f.geom),
               f."{h.SuitabilityColumn}"{(h.FallbackSuitabilityColumn is { } fb ? $" OR f.\"{fb}\"" : "")},
               f.is_open AND NOT EXISTS (SELECT 1 FROM ops.shelter_status s
                                         WHERE s.facility_id = f.id AND NOT s.open AND s.closed_at IS NOT NULL)
        FROM gis.facilities f
        WHERE f.id = $1 AND f.kind IN ('evacuation_site', 'shelter')
        """, StringComparer.Ordinal);

    /// <summary>
    /// The route from (lon, lat) to site <paramref name="siteId"/> under <paramref name="hazard"/>'s weights (blocked roads
    /// never used, hazard areas weighted or forbidden as for the nearest site). A site not designated for the hazard is still
    /// routed to, with <see cref="RouteSite.SuitsHazard"/> false so the answer can warn; an unknown id is
    /// <see cref="RouteRefusal.UnknownSite"/>, a closed site <see cref="RouteRefusal.SiteClosed"/>.
    /// </summary>
    public async Task<RouteResult> EvacuationToSiteAsync(double lon, double lat, string hazard, long siteId, RouteMode mode,
        CancellationToken cancellationToken = default)
    {
        if (HazardWeights.Find(hazard) is not { } weights)
        {
            return RouteResult.Refused(RouteRefusal.UnknownHazard, $"unknown hazard '{hazard}'");
        }

        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = await RoadGraph.ReadVersionAsync(conn, cancellationToken);
        var found = await conn.QueryAsync(SiteSql[hazard], [siteId], r => (Site: new RouteSite(r.GetInt64(0), r.GetString(1),
            r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDouble(4), r.GetDouble(5), r.GetBoolean(6)),
            Open: r.GetBoolean(7)), cancellationToken);
        if (found.Count == 0)
        {
            return RouteResult.Refused(RouteRefusal.UnknownSite,
                $"避難先が見つかりません: no evacuation site or shelter has id {siteId}");
        }

        var (site, open) = found[0];
        if (!open)
        {
            return RouteResult.Refused(RouteRefusal.SiteClosed,
                $"この避難先は閉鎖中です: {site.Name} (id {site.Id}) is closed; choose another site or ask for the nearest open one");
        }

        var graph = await GraphAsync(version, cancellationToken);
        return await RouteToSitesAsync(conn, graph, lon, lat, weights, mode, [site], 1,
            $"{site.Name} (id {site.Id}) cannot be", cancellationToken);
    }
}
