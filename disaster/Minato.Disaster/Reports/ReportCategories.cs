namespace Minato.Disaster.Reports;

/// <summary>The categories of a field damage report (wire values) with their labels.</summary>
public static class ReportCategories
{
    public const string BuildingDamage = "building-damage";
    public const string Fire = "fire";
    public const string RoadBlocked = "road-blocked";
    public const string Flooding = "flooding";
    public const string Landslide = "landslide";
    public const string Injured = "injured";
    public const string Other = "other";

    /// <summary>Wire value → (Japanese, English) label.</summary>
    public static IReadOnlyDictionary<string, (string Ja, string En)> Labels { get; } = new Dictionary<string, (string, string)>(
        StringComparer.Ordinal)
    {
        [BuildingDamage] = ("建物被害", "Building damage"),
        [Fire] = ("火災", "Fire"),
        [RoadBlocked] = ("道路閉塞", "Road blocked"),
        [Flooding] = ("浸水", "Flooding"),
        [Landslide] = ("土砂崩れ", "Landslide"),
        [Injured] = ("負傷者", "Injured people"),
        [Other] = ("その他", "Other"),
    };

    public static IReadOnlyList<string> All { get; } = [.. Labels.Keys];

    public static bool IsKnown(string? category) => category is not null && Labels.ContainsKey(category);
}
