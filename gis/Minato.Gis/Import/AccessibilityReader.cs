using System.Text;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// 東京都防災マップ 避難所・避難場所 (Tokyo open data, one point per site) as accessibility facts for the evacuation sites
/// and shelters already stored: エレベーター有/避難スペースが１階, スロープ等, 点字ブロック, 車椅子使用者対応トイレ
/// (○ = yes, blank = no) and その他（具体的に）. The records are matched to stored facilities by
/// <see cref="ImportWriter.WriteAccessibilityAsync"/>; this reader only validates them.
/// </summary>
internal static class AccessibilityReader
{
    public const string ElevatorColumn = "エレベーター有/避難スペースが１階";

    public static ParsedFile<AccessibilityRow> FromGeoJson(string path)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = GeoJsonFile.Start<AccessibilityRow>(content, "tokyo-bousai-map-geojson");
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        if (content.Features.Count > 0 && !content.Features.Take(5).Any(f => f.Has(ElevatorColumn)))
        {
            parsed.FatalError = $"not a 東京都防災マップ 避難所・避難場所 file: expected the column {ElevatorColumn}";
            return parsed;
        }

        foreach (var (f, where) in parsed.WithGeometry(content.Features))
        {
            var fields = new Fields(f);
            var name = fields.RequiredText("施設名", "name");
            bool? elevator = fields.Bool(ElevatorColumn), slope = fields.Bool("スロープ等"), tactile = fields.Bool("点字ブロック"),
                toilet = fields.Bool("車椅子使用者対応トイレ");
            var note = fields.Text("その他（具体的に）");
            if (f.Geometry is not Point point)
            {
                fields.Problems.Add($"geometry must be a Point, not {f.Geometry!.GeometryType}");
            }
            else if (GeometryChecks.Check(point) is { } problem)
            {
                fields.Problems.Add(problem);
            }

            if (fields.HasProblems)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            parsed.Rows.Add(new AccessibilityRow(where, name!, NameKey(name!), elevator ?? false, slope ?? false, tactile ?? false,
                toilet ?? false, note, (Point)f.Geometry!.Copy()));
        }

        return parsed;
    }

    /// <summary>The name as matched: NFKC (full-width letters, digits and brackets folded) without any white space — the same
    /// rule as <c>regexp_replace(normalize(name, NFKC), '\s', '', 'g')</c> in SQL.</summary>
    public static string NameKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var folded = name.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded.Where(c => !char.IsWhiteSpace(c)))
        {
            sb.Append(c);
        }

        return sb.ToString();
    }
}
