using Minato.Disaster.Text;
namespace Minato.Disaster.Shelters;

/// <summary>The public properties of an open centre (never needs, supplies or who updated it).</summary>
public sealed record PublicShelterProperties(string Id, string Name, string Crowding, LocalizedText CrowdingLabel,
    DateTimeOffset? UpdatedAt);
