using Minato.Disaster.Geo;
namespace Minato.Disaster.Shelters;

/// <summary>An open centre as the public sees it: a GeoJSON Feature with id, name and crowding only.</summary>
public sealed record PublicShelter(string Id, PointGeometry Geometry, PublicShelterProperties Properties)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)] // GeoJSON readers expect "type" first
    public string Type => "Feature";
}
