namespace Minato.Disaster.StayFacilities;

/// <summary>
/// How far a person at a point is from each facility. The one seam for walking distance: the straight line today
/// (<see cref="StraightLineDistance"/>); the routing on gis.roads replaces it by registering another implementation.
/// </summary>
public interface IStayDistance
{
    /// <summary>What the metres are: <c>straight_line</c> or <c>walking</c> (said in every answer).</summary>
    string Kind { get; }

    /// <summary>Metres from (lon, lat) to each target, in the targets' order (null: unreachable).</summary>
    Task<IReadOnlyList<double?>> MetresAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken);
}

/// <summary>Great-circle distance (haversine on the GRS80 mean radius): a lower bound of the walk. Pure, thread-safe.</summary>
public sealed class StraightLineDistance : IStayDistance
{
    private const double EarthRadiusMetres = 6_371_008.8;

    public string Kind => "straight_line";

    public Task<IReadOnlyList<double?>> MetresAsync(double lon, double lat, IReadOnlyList<(double Lon, double Lat)> targets,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Task.FromResult<IReadOnlyList<double?>>(targets.Select(t => (double?)Metres(lon, lat, t.Lon, t.Lat)).ToList());
    }

    public static double Metres(double lon1, double lat1, double lon2, double lat2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
