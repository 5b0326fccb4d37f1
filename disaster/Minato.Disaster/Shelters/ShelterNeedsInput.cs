namespace Minato.Disaster.Shelters;

/// <summary>Special-needs counts as sent by a client (missing = 0).</summary>
public sealed record ShelterNeedsInput(int? Wheelchair, int? Infants, int? Pets, int? Medical);
