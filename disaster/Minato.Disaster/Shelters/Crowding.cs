using Minato.Disaster.Text;
namespace Minato.Disaster.Shelters;

/// <summary>
/// The crowding level of a shelter (空き / やや混雑 / 混雑 / 満員), derived from headcount and capacity:
/// vacant below 50 %, somewhat crowded 50 % to below 80 %, crowded 80 % to below 100 %, full at 100 % or more.
/// Capacity unknown → <c>unknown</c>; capacity 0 → <c>full</c> (the centre can take nobody). Integer arithmetic, so
/// the band edges are exact. Pure and thread-safe.
/// </summary>
public static class Crowding
{
    public const string Unknown = "unknown";
    public const string Vacant = "vacant";
    public const string SomewhatCrowded = "somewhat-crowded";
    public const string Crowded = "crowded";
    public const string Full = "full";

    /// <summary>The level for <paramref name="headcount"/> people in a centre of <paramref name="capacity"/> (null = unknown).</summary>
    public static string Level(int headcount, int? capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(headcount);
        if (capacity is not { } c)
        {
            return Unknown;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(c);
        // headcount / c < 0.5  ⇔  headcount * 100 < 50 * c  (long: no overflow, no rounding at the edges)
        long h100 = headcount * 100L;
        return h100 < 50L * c ? Vacant
            : h100 < 80L * c ? SomewhatCrowded
            : h100 < 100L * c ? Crowded
            : Full;
    }

    /// <summary>The bilingual label of a level (shown to staff and residents).</summary>
    public static LocalizedText Label(string level) => level switch
    {
        Vacant => new("空き", "Vacant"),
        SomewhatCrowded => new("やや混雑", "Somewhat crowded"),
        Crowded => new("混雑", "Crowded"),
        Full => new("満員", "Full"),
        _ => new("不明", "Unknown"),
    };
}
