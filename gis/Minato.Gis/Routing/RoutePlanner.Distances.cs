namespace Minato.Gis.Routing;

// Walking distances from one point to many: one search from the origin, every target snapped like a site.
public sealed partial class RoutePlanner
{
    /// <summary>
    /// Walking metres from (<paramref name="lon"/>, <paramref name="lat"/>) to each target over the current graph (blocked
    /// roads excluded), from a single shortest-path search seeded at the origin's snap; each target is snapped as a site is
    /// (cached per graph). A target farther than <see cref="RoutingOptions.MaxSnapDistanceM"/> from any walkable road is
    /// <see cref="WalkReach.OffNetwork"/>, and so is every target when the origin is (or no road is loaded).
    /// </summary>
    public async Task<WalkDistances> WalkingDistancesAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var graph = await GraphAsync(cancellationToken);
        return WalkingDistances(graph, lon, lat, targets);
    }

    /// <summary><see cref="WalkingDistancesAsync"/> on a given snapshot.</summary>
    public WalkDistances WalkingDistances(RoadGraph graph, double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(targets);
        if (SnapStart(graph, lon, lat, noSteps: false) is not { } start)
        {
            return new WalkDistances(false, targets.Select(_ => new WalkDistance(WalkReach.OffNetwork, 0, 0)).ToList());
        }

        static double Factor(int e) => 1;
        var paths = ShortestPaths.Run(graph, Seeds(graph, start, Factor), Factor);
        var result = new List<WalkDistance>(targets.Count);
        foreach (var (toLon, toLat) in targets)
        {
            if (graph.SnapSite(toLon, toLat, Options.MaxSnapDistanceM, noSteps: false) is not { } end)
            {
                result.Add(new WalkDistance(WalkReach.OffNetwork, 0, 0));
            }
            else if (Arrive(graph, paths, start, end, Factor) is { } reach)
            {
                // The walk on the network plus the short walks onto it and off it (the snap offsets).
                var metres = reach.LengthM + start.DistanceM + end.DistanceM;
                result.Add(new WalkDistance(WalkReach.Walked, metres, metres / Options.WalkSpeedMps));
            }
            else
            {
                result.Add(new WalkDistance(WalkReach.Unreachable, 0, 0));
            }
        }

        return new WalkDistances(true, result);
    }
}

/// <summary>How a target of <see cref="RoutePlanner.WalkingDistancesAsync"/> is reached.</summary>
public enum WalkReach
{
    /// <summary>Walked over the network: the metres and seconds are the walk's.</summary>
    Walked,

    /// <summary>The target (or the origin) lies beyond the snap distance from any walkable road, or no road is loaded.</summary>
    OffNetwork,

    /// <summary>On the network but in no part the origin can reach (blocked roads or a separate network, e.g. across water).</summary>
    Unreachable,
}

/// <summary>The walk to one target: metres (snap offsets included) and seconds at the configured walking speed.</summary>
public readonly record struct WalkDistance(WalkReach Reach, double Metres, double Seconds);

/// <summary>Whether the origin snapped to the network, and the walk to each target in the targets' order.</summary>
public sealed record WalkDistances(bool OriginOnNetwork, IReadOnlyList<WalkDistance> Targets);
