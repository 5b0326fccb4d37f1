using System.Text.Json;
using Minato.Disaster.Situation;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// The live change of kind <c>stay-facility</c>: the staff JSON for HQ and every district, the public projection (all of
/// it but who updated it) for the public scope, and the staff JSON to the facility's own scope. Ward-wide: stranded
/// commuters cross districts.
/// </summary>
public static class StayFacilityChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SituationChange Change(StayFacility facility)
    {
        ArgumentNullException.ThrowIfNull(facility);
        return new SituationChange(SituationKinds.StayFacility, facility.Id, JsonSerializer.Serialize(facility, Json),
            JsonSerializer.Serialize(facility.ToPublic(), Json), new ChangeRouting(WardWide: true, Facility: facility.Id));
    }
}

/// <summary>Every stay facility with its state, for the snapshots of a node that starts.</summary>
public sealed class StayFacilitySource(StayFacilityStore store) : ISituationSource
{
    public string Name => "stay-facilities";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(cancellationToken)).Select(StayFacilityChanges.Change).ToList();
}
