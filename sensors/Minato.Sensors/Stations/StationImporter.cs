using System.Globalization;
using System.Text.Json;

namespace Minato.Sensors.Stations;

/// <summary>
/// Imports stations from a GeoJSON FeatureCollection of Points (EPSG:6668 lon/lat, as RFC 7946 CRS84 order).
/// Properties: id, kind, name_ja, name_en, district, river, reach, interval_s, rain_1h_mm, rain_24h_mm,
/// river_stages_m, dose_caution_usvh, mqtt_password (optional). Bad features are reported, the good ones stored.
/// </summary>
public sealed class StationImporter(StationStore repository)
{
    public async Task<StationImportResult> ImportFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return new StationImportResult(0, [new StationImportError(-1, null, $"file not found: {path}")]);
        }

        await using var stream = File.OpenRead(path);
        return await ImportAsync(stream, cancellationToken);
    }

    public async Task<StationImportResult> ImportAsync(Stream geoJson, CancellationToken cancellationToken = default)
    {
        var (stations, errors) = await ParseAsync(geoJson, cancellationToken);
        if (stations.Count > 0)
        {
            await repository.UpsertAsync(stations, cancellationToken);
        }

        return new StationImportResult(stations.Count, errors);
    }

    /// <summary>Parses and validates without touching the database.</summary>
    public static async Task<(IReadOnlyList<(Station Station, string? Password)> Stations,
        IReadOnlyList<StationImportError> Errors)> ParseAsync(
        Stream geoJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(geoJson);
        var stations = new List<(Station, string?)>();
        var errors = new List<StationImportError>();
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(geoJson, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (stations, [new StationImportError(-1, null, "not JSON: " + e.Message)]);
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                return (stations, [new StationImportError(-1, null, "not a GeoJSON FeatureCollection (no features array)")]);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                var (station, password, error) = ParseFeature(feature);
                if (station is not null && !seen.Add(station.Id))
                {
                    error = $"duplicate id {station.Id}";
                }

                if (error is not null)
                {
                    errors.Add(new StationImportError(index, station?.Id ?? TryId(feature), error));
                }
                else
                {
                    stations.Add((station!, password));
                }

                index++;
            }
        }

        return (stations, errors);
    }

    /// <summary>Parses one GeoJSON feature into a station (also used by the API).</summary>
    public static (Station? Station, string? Password, string? Error) ParseFeature(JsonElement feature)
    {
        try
        {
            if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
                || geometry.GetProperty("type").GetString() != "Point")
            {
                return (null, null, "geometry must be a Point");
            }

            var coords = geometry.GetProperty("coordinates");
            var lon = coords[0].GetDouble();
            var lat = coords[1].GetDouble();
            var p = feature.GetProperty("properties");
            var id = Str(p, "id") ?? (feature.TryGetProperty("id",
                out var fid) && fid.ValueKind == JsonValueKind.String ? fid.GetString() : null);
            if (id is null)
            {
                return (null, null, "id is required");
            }

            if (!StationKinds.TryParse(Str(p, "kind"), out var kind))
            {
                return (null, null, "kind must be rain, river or radiation");
            }

            var station = new Station(
                id, kind, Str(p, "name_ja") ?? "", Str(p, "name_en") ?? "", Str(p, "district"), Str(p, "river"), Str(p, "reach"),
                p.TryGetProperty("interval_s", out var iv) && iv.ValueKind == JsonValueKind.Number ? iv.GetInt32() : 600,
                lon, lat,
                Numbers(p, "rain_1h_mm") ?? (kind == StationKind.Rain ? Station.DefaultRain1hMm : null),
                Numbers(p, "rain_24h_mm") ?? (kind == StationKind.Rain ? Station.DefaultRain24hMm : null),
                Numbers(p, "river_stages_m"),
                p.TryGetProperty("dose_caution_usvh", out var dc) && dc.ValueKind == JsonValueKind.Number
                    ? dc.GetDouble()
                    : kind == StationKind.Radiation ? Station.DefaultDoseCautionUsvh : null);
            var problems = StationValidation.Validate(station);
            return problems.Count > 0 ? (station, null, string.Join("; ", problems)) : (station, Str(p, "mqtt_password"), null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return (null, null, "malformed feature: " + e.Message);
        }
    }

    private static string? TryId(JsonElement feature) =>
        feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? Str(p, "id") : null;

    private static string? Str(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double[]? Numbers(JsonElement p, string name) =>
        p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number
                ? e.GetDouble()
                : double.Parse(e.GetString() ?? "x", CultureInfo.InvariantCulture)).ToArray()
            : null;
}
