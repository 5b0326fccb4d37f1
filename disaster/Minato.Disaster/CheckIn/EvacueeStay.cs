namespace Minato.Disaster.CheckIn;

/// <summary>Where a household is (or was last): the centre, <c>checked-in</c> or <c>checked-out</c>, since when (UTC).</summary>
public sealed record EvacueeStay(string ShelterId, string ShelterName, string Status, DateTimeOffset Since);
