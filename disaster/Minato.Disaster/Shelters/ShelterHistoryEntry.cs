namespace Minato.Disaster.Shelters;

/// <summary>One change of a centre's state (<c>open</c>, <c>close</c> or <c>update</c>) with the state after it.</summary>
public sealed record ShelterHistoryEntry(
    string Action, DateTimeOffset At, string By, bool Open, int? Capacity, int Headcount, int Households,
    ShelterNeeds Needs, IReadOnlyList<SupplyNeed> Supplies);
