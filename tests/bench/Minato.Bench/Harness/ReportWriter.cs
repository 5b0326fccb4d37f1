using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Minato.Bench.Harness;

/// <summary>Writes a bench's results: a readable table, then ONE final JSON line
/// <c>{"bench":..,"results":[{"metric":..,"unit":..,"ours":..,"baseline":..,"ratio":..,"target":..,"pass":..}]}</c>.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, string bench, IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        output.WriteLine();
        output.WriteLine($"bench {bench}");
        var rows = results.Select(r => new[]
        {
            r.Metric, r.Unit, Format(r.Ours), r.Baseline is { } b ? Format(b) : "—",
                r.Ratio is { } q ? q.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—",
            r.Target, r.Pass ? "PASS" : "FAIL",
        }).ToList();
        string[] header = ["metric", "unit", "ours", "baseline", "ratio", "target", "result"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))));
        }

        output.WriteLine();
        var line = new
        {
            bench,
            results = results.Select(r => new
            {
                metric = r.Metric,
                unit = r.Unit,
                ours = Math.Round(r.Ours, 1),
                baseline = r.Baseline is { } b ? Math.Round(b, 1) : (double?)null,
                ratio = r.Ratio is { } q ? Math.Round(q, 3) : (double?)null,
                target = r.Target,
                pass = r.Pass,
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(line, Json));
        output.Flush();
    }

    private static string Format(double v) => v.ToString(v >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture);
}
