using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Gis.Routing;

/// <summary>Walking speeds and snapping limits of the routing endpoints (configuration section <c>Minato:Routing</c>).</summary>
public sealed class RoutingOptions : IOptionsSection
{
    public static string Section => "Minato:Routing";

    /// <summary>Walking speed in m/s (<c>mode=walk</c>).</summary>
    [Range(0.1, 5)]
    public double WalkSpeedMps { get; set; } = 1.0;

    /// <summary>Speed of wheelchair users and elderly walkers in m/s (<c>mode=wheelchair</c>).</summary>
    [Range(0.1, 5)]
    public double WheelchairSpeedMps { get; set; } = 0.7;

    /// <summary>Farthest a start, end or site may lie from the walkable network (metres); beyond it there is no route.</summary>
    [Range(1, 5000)]
    public double MaxSnapDistanceM { get; set; } = 150;

    /// <summary>Alternative routes to other sites besides the nearest.</summary>
    [Range(0, 10)]
    public int Alternatives { get; set; } = 2;

    /// <summary>Coalescing window of the live <c>isolation</c> kind (milliseconds): road, site and shelter changes within it
    /// after the first cause one recompute for every hazard. 0 = recompute at once after each change.</summary>
    [Range(0, 60000)]
    public int IsolationWindowMs { get; set; } = 500;
}
