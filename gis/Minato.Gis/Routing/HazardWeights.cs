namespace Minato.Gis.Routing;

/// <summary>
/// How a route treats road segments inside hazard areas of the hazard it evacuates from: the walking cost of a segment is
/// its length times the factor of the highest rank of that kind it touches; <see cref="double.PositiveInfinity"/> forbids
/// it. Ranks are those of <c>gis.hazard_areas</c> (depth ranks: 1 = under 0.5 m, 2 = 0.5–3 m, 3 = 3–5 m, …; landslide:
/// 1 = 警戒区域, 2 = 特別警戒区域; liquefaction: PL classes). A forbidden segment whose rank is not above the start's own rank
/// costs <see cref="ExitFactor"/> × its length instead: a resident standing in a 0.5–3 m flood area must still be led out.
/// <code>
/// hazard        area kind      rank 1   rank 2      rank ≥ 3
/// flood         flood          × 2      × 5         forbidden
/// inland_flood  inland_flood   × 2      × 5         forbidden
/// storm_surge   storm_surge    × 2      × 5         forbidden
/// tsunami       tsunami        × 5      forbidden   forbidden
/// landslide     landslide      × 3      forbidden   forbidden
/// earthquake    liquefaction   × 1      × 1.2       × 1.5
/// fire          (none)         —        —           —
/// </code>
/// Thread-safe (immutable).
/// </summary>
public sealed record HazardWeights(string Hazard, string? AreaKind, string SuitabilityColumn, string? FallbackSuitabilityColumn,
    double Rank1, double Rank2, double Rank3)
{
    /// <summary>Cost factor of a forbidden segment inside the area the route starts in (the way out).</summary>
    public const double ExitFactor = 10;

    /// <summary>The hazards a route can evacuate from, with their weights (the table above).</summary>
    public static IReadOnlyList<HazardWeights> All { get; } =
    [
        new("flood", "flood", "suits_flood", null, 2, 5, double.PositiveInfinity),
        new("inland_flood", "inland_flood", "suits_inland_flood", "suits_flood", 2, 5, double.PositiveInfinity),
        new("storm_surge", "storm_surge", "suits_storm_surge", null, 2, 5, double.PositiveInfinity),
        new("tsunami", "tsunami", "suits_tsunami", null, 5, double.PositiveInfinity, double.PositiveInfinity),
        new("landslide", "landslide", "suits_landslide", null, 3, double.PositiveInfinity, double.PositiveInfinity),
        new("earthquake", "liquefaction", "suits_earthquake", null, 1, 1.2, 1.5),
        new("fire", null, "suits_fire", null, 1, 1, 1),
    ];

    /// <summary>The area kinds that weigh on some hazard (the graph stores each edge's highest rank of each).</summary>
    public static IReadOnlyList<string> AreaKinds { get; } = All.Select(h => h.AreaKind).OfType<string>().Distinct().ToArray();

    public static HazardWeights? Find(string hazard) => All.FirstOrDefault(h => h.Hazard == hazard);

    /// <summary>The cost factor of a segment of <paramref name="rank"/> (0 = outside every area of the kind) for a start of
    /// <paramref name="startRank"/>.</summary>
    public double Factor(int rank, int startRank)
    {
        var factor = rank switch
        {
            <= 0 => 1,
            1 => Rank1,
            2 => Rank2,
            _ => Rank3,
        };
        if (double.IsPositiveInfinity(factor) && rank <= startRank)
        {
            return ExitFactor;
        }

        return factor;
    }
}
