namespace Minato.Disaster.Shelters;

/// <summary>Counts of evacuees with special needs at a centre (people; pets: animals).</summary>
public sealed record ShelterNeeds(int Wheelchair, int Infants, int Pets, int Medical)
{
    public static ShelterNeeds None { get; } = new(0, 0, 0, 0);
}
