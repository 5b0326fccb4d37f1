using Minato.Disaster.Shelters;

namespace Minato.Disaster.Http.Shelters;

/// <summary>The GeoJSON FeatureCollection of <c>/api/public/shelters</c>.</summary>
public sealed record PublicShelterCollection(IReadOnlyList<PublicShelter> Features)
{
    public string Type => "FeatureCollection";
}
