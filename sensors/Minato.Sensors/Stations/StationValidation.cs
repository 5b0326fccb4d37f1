using System.Text.RegularExpressions;
using Minato.Gis.Layers;

namespace Minato.Sensors.Stations;

/// <summary>Checks a station before it reaches the database; returns the problems (empty = valid).</summary>
public static partial class StationValidation
{
    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,63}$")]
    private static partial Regex IdPattern();

    public static IReadOnlyList<string> Validate(Station station)
    {
        ArgumentNullException.ThrowIfNull(station);
        var errors = new List<string>();
        if (!IdPattern().IsMatch(station.Id))
        {
            errors.Add("id must be 2–64 characters of A–Z, 0–9 and '-', starting with a letter or digit");
        }

        if (string.IsNullOrWhiteSpace(station.NameJa) || string.IsNullOrWhiteSpace(station.NameEn))
        {
            errors.Add("name_ja and name_en are required");
        }

        if (station.District is not null && Ward.Districts.All(d => d.Id != station.District))
        {
            errors.Add($"unknown district '{station.District}'");
        }

        if (station.IntervalSeconds is < 1 or > 86400)
        {
            errors.Add("interval_s must be 1–86400");
        }

        if (!double.IsFinite(station.Lon) || !double.IsFinite(station.Lat) || !Ward.Near.Contains(station.Lon, station.Lat))
        {
            errors.Add($"location ({station.Lon}, {station.Lat}) is not near Minato City (EPSG:6668 lon/lat expected)");
        }

        switch (station.Kind)
        {
            case StationKind.River:
                CheckAscending(errors, "river_stages_m", station.RiverStagesM, 4, 4);
                break;
            case StationKind.Rain:
                CheckAscending(errors, "rain_1h_mm", station.Rain1hMm, 1, 3);
                if (station.Rain24hMm is not null)
                {
                    CheckAscending(errors, "rain_24h_mm", station.Rain24hMm, 1, 3);
                }

                break;
            case StationKind.Radiation:
                if (station.DoseCautionUsvh is not > 0)
                {
                    errors.Add("dose_caution_usvh must be > 0");
                }

                break;
        }

        return errors;
    }

    private static void CheckAscending(List<string> errors, string name, IReadOnlyList<double>? values, int min, int max)
    {
        if (values is null || values.Count < min || values.Count > max)
        {
            errors.Add(min == max ? $"{name} needs {min} values" : $"{name} needs {min}–{max} values");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]) || (i > 0 && values[i] <= values[i - 1]))
            {
                errors.Add($"{name} must be finite and strictly ascending");
                return;
            }
        }
    }
}
