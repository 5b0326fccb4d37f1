using Minato.Gis.Routing;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// Walking distance over the road network (the routing's in-process graph, blocked roads excluded): one shortest-path
/// search from the origin to every facility, walking minutes at <c>Minato:Routing:WalkSpeedMps</c>. Per facility, a straight
/// line where the origin or the facility lies beyond the snap distance from any walkable road (or no road is loaded),
/// said so; a facility on the network the origin cannot reach (blocked roads, a separate network across water) is
/// unreachable on foot and left out. Thread-safe.
/// </summary>
public sealed class RoutedStayDistance(RoutePlanner planner) : IStayDistance
{
    public async Task<StayDistances> MeasureAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var walks = await planner.WalkingDistancesAsync(lon, lat, targets, cancellationToken);
        var distances = targets.Select((t, i) => walks.Targets[i] switch
        {
            { Reach: WalkReach.Walked } w => new StayDistance(w.Metres, StayDistanceKinds.Walking, w.Seconds / 60),
            { Reach: WalkReach.OffNetwork } => StraightLineDistance.Of(lon, lat, t),
            _ => null,
        }).ToList();
        return new StayDistances(walks.OriginOnNetwork ? StayDistanceKinds.Walking : StayDistanceKinds.StraightLine, distances);
    }
}
