namespace Minato.Disaster.StayFacilities;

/// <summary>A major station in Minato where commuters are stranded; the id is the short URL (<c>/s/shinagawa</c>).</summary>
public sealed record StayStation(string Id, string NameJa, string NameEn, double Lon, double Lat);

/// <summary>
/// The major stations of Minato City (station building coordinates from the operators' station pages / OpenStreetMap,
/// JGD2011 lon/lat, rounded to 1e-4°).
/// </summary>
public static class StayStations
{
    public static IReadOnlyList<StayStation> All { get; } =
    [
        new("shinagawa", "品川", "Shinagawa", 139.7387, 35.6285),
        new("tamachi", "田町", "Tamachi", 139.7476, 35.6457),
        new("hamamatsucho", "浜松町", "Hamamatsuchō", 139.7572, 35.6555),
        new("shimbashi", "新橋", "Shimbashi", 139.7584, 35.6661),
        new("roppongi", "六本木", "Roppongi", 139.7314, 35.6628),
        new("omotesando", "表参道", "Omote-sandō", 139.7123, 35.6652),
        new("aoyama-itchome", "青山一丁目", "Aoyama-itchōme", 139.7240, 35.6727),
        new("akasaka-mitsuke", "赤坂見附", "Akasaka-mitsuke", 139.7369, 35.6770),
        new("azabu-juban", "麻布十番", "Azabu-Jūban", 139.7371, 35.6545),
        new("shirokane-takanawa", "白金高輪", "Shirokane-Takanawa", 139.7343, 35.6427),
    ];

    public static StayStation? Find(string? id) => All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
}
