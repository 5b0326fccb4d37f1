namespace Minato.Disaster.CheckIn;

/// <summary>A household checked in at a centre (personal data: audited on every read, never cached).</summary>
public sealed record RosterEntry(
    long EvacueeId,
    string ShelterId,
    string Name,
    string Kana,
    string? Address,
    IReadOnlyList<EvacueeMember> Members,
    int HouseholdSize,
    EvacueeNeeds Needs,
    bool Consent,
    bool WalkIn,
    DateTimeOffset CheckedInAt,
    string CheckedInBy);
