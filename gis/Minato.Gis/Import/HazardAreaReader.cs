using System.Globalization;

namespace Minato.Gis.Import;

/// <summary>
/// Hazard areas from GeoJSON: kind (flood, inland_flood, storm_surge, tsunami, landslide, liquefaction — or 洪水, 内水氾濫,
/// 高潮, 津波, 土砂災害, 液状化), rank 0–10 (higher is worse), optional rank_label, depth_min_m, depth_max_m, valid_from.
/// </summary>
internal static class HazardAreaReader
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["flood"] = "flood", ["洪水"] = "flood", ["洪水浸水想定区域"] = "flood",
        ["inland_flood"] = "inland_flood", ["内水"] = "inland_flood", ["内水氾濫"] = "inland_flood", ["浸水予想区域"] = "inland_flood",
        ["storm_surge"] = "storm_surge", ["高潮"] = "storm_surge", ["高潮浸水想定区域"] = "storm_surge",
        ["tsunami"] = "tsunami", ["津波"] = "tsunami", ["津波浸水想定"] = "tsunami",
        ["landslide"] = "landslide", ["土砂災害"] = "landslide", ["土砂"] = "landslide", ["がけ崩れ"] = "landslide",
        ["土砂災害警戒区域"] = "landslide",
        ["liquefaction"] = "liquefaction", ["液状化"] = "liquefaction",
    };

    public static ParsedFile<HazardAreaRow> FromGeoJson(string path, ImportOptions options, DateOnly today)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = GeoJsonFile.Start<HazardAreaRow>(content);
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        var positional = 0;
        foreach (var (f, where) in parsed.WithGeometry(content.Features))
        {
            var fields = new Fields(f);
            var kindText = fields.RequiredText("kind", "hazard", "種別");
            string? kind = null;
            if (kindText is not null && !Kinds.TryGetValue(kindText, out kind))
            {
                fields.Problems.Add($"kind: '{kindText}' is not one of flood, inland_flood, storm_surge, tsunami, landslide, liquefaction");
            }

            var rank = fields.Integer("rank", "ランク");
            if (rank is null && fields.Text("rank", "ランク") is null)
            {
                fields.Problems.Add("missing required field 'rank' (0–10, higher is worse)");
            }

            fields.Check(rank is null or (>= 0 and <= 10), "rank must be between 0 and 10");
            var min = fields.Number("depth_min_m");
            var max = fields.Number("depth_max_m");
            fields.Check(min is null || max is null || min <= max, "depth_min_m is greater than depth_max_m");
            fields.Check(min is null or >= 0, "depth_min_m must be ≥ 0");
            var validFrom = fields.Date("valid_from") ?? options.ValidFrom ?? today;
            var label = fields.Text("rank_label", "label") ?? DefaultLabel(kind, rank, min, max);
            var mp = f.Geometry is null ? null : GeometryChecks.ToMultiPolygon(f.Geometry);
            if (mp is null)
            {
                fields.Problems.Add($"geometry must be a Polygon or MultiPolygon, not {f.Geometry?.GeometryType}");
            }
            else if (GeometryChecks.Check(mp) is { } problem)
            {
                fields.Problems.Add(problem);
            }

            var sourceId = fields.Text("source_id", "id") ?? f.Id;
            if (fields.HasProblems)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            if (sourceId is null)
            {
                positional++;
                sourceId = $"feature-{f.Number}";
            }

            parsed.Rows.Add(new HazardAreaRow(where, kind!, (short)rank!.Value, label, (float?)min, (float?)max,
                options.Source ?? fields.Text("source") ?? options.FallbackSource, sourceId, validFrom, mp!));
        }

        if (positional > 0)
        {
            parsed.Notes.Add($"{positional} feature(s) have no id and are keyed by position (feature-N): give ids so edited files update "
                + "the right rows");
        }

        return parsed;
    }

    private static string DefaultLabel(string? kind, int? rank, double? min, double? max)
    {
        if (min is not null || max is not null)
        {
            var lo = (min ?? 0).ToString("0.0#", CultureInfo.InvariantCulture);
            return max is null ? $"{lo} m –" : $"{lo}–{max.Value.ToString("0.0#", CultureInfo.InvariantCulture)} m";
        }

        return $"{kind} rank {rank}";
    }
}
