using NetTopologySuite.Geometries;

namespace Minato.Gis.Routing;

/// <summary>How a route is walked: <c>walk</c>, or <c>wheelchair</c> (also elderly walkers: slower, no steps).</summary>
public enum RouteMode
{
    Walk,
    Wheelchair,
}

/// <summary>Why there is no route.</summary>
public enum RouteRefusal
{
    None,

    /// <summary>The start (or the end) lies farther from the walkable network than the configured distance.</summary>
    OffNetwork,

    /// <summary>Suitable open sites exist but none can be reached from the start without blocked or forbidden roads.</summary>
    Isolated,

    /// <summary>No open site suits the hazard.</summary>
    NoSite,

    /// <summary>Unknown hazard (the endpoint validates first; kept for direct callers).</summary>
    UnknownHazard,

    /// <summary>The requested destination is no evacuation site or shelter.</summary>
    UnknownSite,

    /// <summary>The requested destination is closed (gis.facilities or operations).</summary>
    SiteClosed,
}

/// <summary>The routes found (nearest first), or the refusal and its reason in Japanese and English.</summary>
public sealed record RouteResult(IReadOnlyList<PlannedRoute> Routes, RouteRefusal Refusal, string? Reason)
{
    public static RouteResult Found(IReadOnlyList<PlannedRoute> routes) => new(routes, RouteRefusal.None, null);

    public static RouteResult Refused(RouteRefusal refusal, string reason) => new([], refusal, reason);
}

/// <summary>
/// One walking route: its line (EPSG:6668, from the start's projection on the network to the end's), its length in metres
/// along the network, the walking time in seconds at the mode's speed, the hazard areas of the requested kind it crosses,
/// the steps on it and, for evacuation, the destination site. Snap distances: start and end to the network, in metres.
/// </summary>
public sealed record PlannedRoute(
    int Rank, RouteSite? Site, LineString Line, double LengthM, double WalkingTimeS, IReadOnlyList<HazardCrossing> HazardAreas,
    IReadOnlyList<StepsOnRoute> Steps, double StartSnapM, double EndSnapM);

/// <summary>
/// An evacuation site or shelter (gis.facilities) at (lon, lat) EPSG:6668; <paramref name="SuitsHazard"/> is false only for
/// a site the user chose that is not designated for the route's hazard.
/// </summary>
public sealed record RouteSite(long Id, string Kind, string Name, string? Address, double Lon, double Lat, bool SuitsHazard = true);

/// <summary>A hazard area (gis.hazard_areas) the route crosses.</summary>
public sealed record HazardCrossing(long Id, string Kind, int Rank, string RankLabel);

/// <summary>Steps on the route (gis.roads id and name; metres walked on them).</summary>
public sealed record StepsOnRoute(long RoadId, string? Name, double LengthM);
