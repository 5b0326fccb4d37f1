namespace Minato.Disaster.StayFacilities;

/// <summary>
/// How far a person at a point is from each facility. The one seam for walking distance: <see cref="RoutedStayDistance"/>
/// walks the road network (registered by the server) and falls back to <see cref="StraightLineDistance"/> per facility
/// where there is no network; the straight line alone is what a host without routing gets.
/// </summary>
public interface IStayDistance
{
    /// <summary>The distance from (lon, lat) to each target, in the targets' order (null: unreachable on foot).</summary>
    Task<StayDistances> MeasureAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken);
}

/// <summary>What a distance is: a walk over the road network or a straight line (said in every answer and per facility).</summary>
public static class StayDistanceKinds
{
    /// <summary>Walking distance over gis.roads (blocked roads excluded).</summary>
    public const string Walking = "walking";

    /// <summary>The straight line: no network near the point or the facility, or none loaded. A lower bound of the walk.</summary>
    public const string StraightLine = "straight_line";
}

/// <summary>One distance: metres, what they are, and the walking minutes when they are a walk.</summary>
public sealed record StayDistance(double Metres, string Kind, double? WalkMinutes);

/// <summary>The kind measured from the origin (straight line when the origin is off the network) and each target's distance.</summary>
public sealed record StayDistances(string OriginKind, IReadOnlyList<StayDistance?> Targets);

/// <summary>Great-circle distance (haversine on the GRS80 mean radius): a lower bound of the walk. Pure, thread-safe.</summary>
public sealed class StraightLineDistance : IStayDistance
{
    private const double EarthRadiusMetres = 6_371_008.8;

    public Task<StayDistances> MeasureAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Task.FromResult(new StayDistances(StayDistanceKinds.StraightLine, targets.Select(t => Of(lon, lat, t)).ToList()));
    }

    /// <summary>The straight-line distance to <paramref name="target"/>, said so.</summary>
    public static StayDistance? Of(double lon, double lat, (double Lon, double Lat) target) =>
        new(Metres(lon, lat, target.Lon, target.Lat), StayDistanceKinds.StraightLine, null);

    public static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
