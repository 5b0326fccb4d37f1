namespace Minato.Disaster.Recovery.Surveys;

/// <summary>A checked new building: the point (EPSG:6668) lies in the ward's bounding box (the boundary test is SQL's).</summary>
public sealed record ValidBuilding(string Address, double Lon, double Lat, string Structure, int Floors, string Use);
