namespace Minato.Disaster.CheckIn;

/// <summary>
/// A household's special needs: people using a wheelchair (車いす), infants (乳幼児), pets (ペット), people needing medical
/// care (医療), and the language the household needs help in (言語; null = Japanese is fine). Counts are people (pets: animals).
/// </summary>
public sealed record EvacueeNeeds(int? Wheelchair, int? Infants, int? Pets, int? Medical, string? Language)
{
    public static EvacueeNeeds None { get; } = new(0, 0, 0, 0, null);
}
