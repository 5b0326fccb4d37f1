using Minato.Disaster.Shelters;

namespace Minato.Disaster.CheckIn;

/// <summary>
/// The outcome of a scan at a centre: <see cref="Action"/> is <c>checked-in</c>, <c>already-checked-in</c> (a second scan of
/// the same household changes nothing) or <c>checked-out</c>; <see cref="MovedFrom"/> the centre the household was checked
/// out of by checking in here; <see cref="Centre"/> the centre with its derived counts; <see cref="Card"/> the QR card of a
/// walk-in (to print).
/// </summary>
public sealed record CheckInResult(
    long EvacueeId, string Action, DateTimeOffset At, string Name, int HouseholdSize, string? MovedFrom, Shelter Centre,
    EvacueeCard? Card = null);
