namespace Minato.Disaster.Shelters;

/// <summary>An open centre as the public sees it: a GeoJSON Feature with id, name and crowding only.</summary>
public sealed record PublicShelter(string Id, PointGeometry Geometry, PublicShelterProperties Properties)
{
    public string Type => "Feature";
}
