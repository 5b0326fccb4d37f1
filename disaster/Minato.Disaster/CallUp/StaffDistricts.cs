namespace Minato.Disaster.CallUp;

/// <summary>Where a staff member reports: HQ (<c>hq</c>) or one of the five district HQs (地区本部).</summary>
public static class StaffDistricts
{
    public const string Hq = "hq";

    /// <summary>The district HQs and HQ, in the ward's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Hq, "shiba", "azabu", "akasaka", "takanawa", "shibaura-konan"];

    public static bool IsKnown(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);
}
