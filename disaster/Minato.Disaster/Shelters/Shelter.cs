using Minato.Disaster.Text;
using Minato.Disaster.Geo;
namespace Minato.Disaster.Shelters;

/// <summary>
/// A shelter (指定避難所, a <c>gis.facilities</c> row of kind <c>shelter</c>) with its operating state: the
/// staff JSON of <c>GET /api/shelters</c> and of the live kind <c>shelter</c>. Id = the facility id as text.
/// <see cref="Capacity"/>: the operating capacity (set by staff) or else the facility's; null = unknown.
/// <see cref="CountsSource"/>: <c>manual</c> (typed by staff) or <c>check-in</c> (derived from the check-ins at the centre).
/// </summary>
public sealed record Shelter(
    string Id,
    string Name,
    string? Address,
    bool Welfare,
    string? District,
    PointGeometry Geometry,
    bool Open,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt,
    int? Capacity,
    int Headcount,
    int Households,
    ShelterNeeds Needs,
    IReadOnlyList<SupplyNeed> Supplies,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    string CountsSource = "manual")
{
    public string Crowding => Shelters.Crowding.Level(Headcount, Capacity);

    public LocalizedText CrowdingLabel => Shelters.Crowding.Label(Crowding);

    /// <summary>What the public may see: only for an open centre (null when closed); no needs, supplies or staff names.</summary>
    public PublicShelter? ToPublic() =>
        Open ? new PublicShelter(Id, Geometry, new PublicShelterProperties(Id, Name, Crowding, CrowdingLabel, UpdatedAt)) : null;
}
