namespace Minato.Disaster.Safety;

/// <summary>
/// A household that consented to disclosure and matched a 安否 search: the registrant's name and kana, the household's
/// size, and where it is — <c>checked-in</c> at a centre, <c>checked-out</c> of the centre it was last at, or
/// <c>registered</c> (not yet at a centre; no centre then).
/// </summary>
public sealed record SafetyMatch(
    string Name, string Kana, int HouseholdSize, string Status, string? ShelterId, string? ShelterName, DateTimeOffset? Since);
