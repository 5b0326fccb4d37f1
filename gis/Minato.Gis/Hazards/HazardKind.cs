namespace Minato.Gis.Hazards;

/// <summary>The hazard kinds of <c>gis.hazard_areas</c>, their names and the evacuation-site suitability flag that answers each.</summary>
public sealed record HazardKind(string Id, string NameJa, string NameEn, string SuitabilityColumn, string? FallbackSuitabilityColumn)
{
    /// <summary>
    /// Liquefaction is answered by earthquake-suitable sites (it is an earthquake effect). Inland flooding falls back to
    /// flood-suitable sites because most wards, Minato among them, designate no site for 内水氾濫 in the national data.
    /// </summary>
    public static IReadOnlyList<HazardKind> All { get; } =
    [
        new("flood", "洪水", "River flood", "suits_flood", null),
        new("inland_flood", "内水氾濫", "Inland (sewer) flood", "suits_inland_flood", "suits_flood"),
        new("storm_surge", "高潮", "Storm surge", "suits_storm_surge", null),
        new("tsunami", "津波", "Tsunami", "suits_tsunami", null),
        new("landslide", "土砂災害", "Landslide", "suits_landslide", null),
        new("liquefaction", "液状化", "Liquefaction", "suits_earthquake", null),
    ];

    public static HazardKind? Find(string id) => All.FirstOrDefault(k => k.Id == id);
}
