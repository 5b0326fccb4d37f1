namespace Minato.Disaster.StayFacilities;

/// <summary>What a stay facility offers now: water, food, blankets, toilets, power (charging) and Wi-Fi.</summary>
public sealed record StaySupplies(bool Water, bool Food, bool Blankets, bool Toilets, bool Power, bool Wifi)
{
    public static StaySupplies None { get; } = new(false, false, false, false, false, false);
}
