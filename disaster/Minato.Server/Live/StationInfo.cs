namespace Minato.Server.Live;

/// <summary>What the live map shows of a station besides its values. Location in EPSG:6668 (lon, lat).</summary>
internal sealed record StationInfo(string Id, string Kind, string NameJa, string NameEn, string? District, double Lon, double Lat);
