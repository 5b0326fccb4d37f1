namespace Minato.Disaster.Shelters;

/// <summary>Bounds on what a centre may report, so a typo (an extra zero) is refused rather than shown to HQ.</summary>
public static class ShelterLimits
{
    /// <summary>No single centre holds more people than this (the largest school-gym centres hold a few thousand).</summary>
    public const int MaxPeople = 20_000;

    /// <summary>Pets (animals, not people) a centre may report.</summary>
    public const int MaxPets = 5_000;

    public const int MaxSupplies = 50;

    public const int MaxItemLength = 64;

    public const decimal MaxQuantity = 1_000_000m;

    /// <summary>The units a supply quantity may be given in.</summary>
    public static IReadOnlyList<string> Units { get; } = ["L", "mL", "kg", "g", "pcs", "pack", "box", "set", "meal", "bottle", "sheet",
        "roll", "pair"];
}
