using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Shelters;

/// <summary>
/// The live change of kind <c>shelter</c>: the staff JSON for HQ, the centre's district and the centre itself; the
/// public projection (id, name, crowding) only while the centre is open, so a closed centre leaves the public map.
/// </summary>
public static class ShelterChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SituationChange Change(Shelter centre)
    {
        ArgumentNullException.ThrowIfNull(centre);
        var data = JsonSerializer.Serialize(centre, Json);
        var publicData = centre.ToPublic() is { } p ? JsonSerializer.Serialize(p, Json) : null;
        return new SituationChange(SituationKinds.Shelter, centre.Id, data, publicData, new ChangeRouting(District: centre.District,
            Shelter: centre.Id));
    }
}
