using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// Borings from the project's CSV (UTF-8 or Shift_JIS), one row per layer:
/// <c>boring_id,name,lon,lat,ground_elevation_m,total_depth_m,drilled_on,top_m,bottom_m,soil_name,spt_n</c> (optional <c>source</c>).
/// Rows of one boring_id form one boring; a bad row rejects its whole boring (a log with a gap would mislead).
/// </summary>
internal static class BoringCsvReader
{
    public static readonly string[] Columns =
        ["boring_id", "name", "lon", "lat", "ground_elevation_m", "total_depth_m", "drilled_on", "top_m", "bottom_m", "soil_name", "spt_n"];

    public static ParsedFile<BoringRow> Read(string path, ImportOptions options)
    {
        CsvTable table;
        try
        {
            table = CsvTable.Read(path);
        }
        catch (FormatException e)
        {
            return new ParsedFile<BoringRow>("borings-csv") { FatalError = "malformed CSV: " + e.Message };
        }

        var parsed = new ParsedFile<BoringRow>($"borings-csv ({table.Encoding})");
        var missing = new[] { "boring_id", "lon", "lat", "total_depth_m", "top_m", "bottom_m",
            "soil_name" }.Where(c => !table.Has(c)).ToList();
        if (missing.Count > 0)
        {
            parsed.FatalError = $"missing column(s) {string.Join(", ", missing)}; expected header: {string.Join(",", Columns)}";
            return parsed;
        }

        var groups = new List<(string Id, List<CsvRow> Rows)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var id = row.Text("boring_id")?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                parsed.Errors.Add(new ImportError("row", row.Number, "missing required field 'boring_id'"));
                continue;
            }

            if (!index.TryGetValue(id, out var i))
            {
                index[id] = i = groups.Count;
                groups.Add((id, []));
            }

            groups[i].Rows.Add(row);
        }

        foreach (var (id, rows) in groups)
        {
            parsed.Read++;
            var first = new Fields(rows[0]);
            var where = new RecordRef("row", rows[0].Number);
            var lon = first.RequiredNumber("lon", "経度");
            var lat = first.RequiredNumber("lat", "緯度");
            var total = first.RequiredNumber("total_depth_m", "総掘進長");
            first.Check(total is null or > 0, "total_depth_m must be > 0");
            var elevation = first.Number("ground_elevation_m", "孔口標高");
            var drilled = first.Date("drilled_on");
            var name = first.Text("name", "ボーリング名");
            var layers = new List<(double, double, string, double?)>();
            string? rowProblem = null;
            foreach (var row in rows)
            {
                var f = new Fields(row);
                var top = f.RequiredNumber("top_m");
                var bottom = f.RequiredNumber("bottom_m");
                var soil = f.RequiredText("soil_name", "土質名");
                var spt = f.Number("spt_n", "N値");
                if (row != rows[0] && (f.Text("lon") != first.Text("lon") || f.Text("lat") != first.Text("lat")))
                {
                    f.Problems.Add("lon/lat differ from the boring's first row");
                }

                if (f.HasProblems)
                {
                    rowProblem ??= $"row {row.Number}: {f.Describe()}";
                    parsed.Errors.Add(new ImportError("row", row.Number, $"{f.Describe()} (boring {id} not imported)"));
                    continue;
                }

                layers.Add((top!.Value, bottom!.Value, soil!, spt));
            }

            if (rowProblem is not null)
            {
                continue;
            }

            if (first.HasProblems)
            {
                parsed.Errors.Add(where.Error($"{first.Describe()} (boring {id} not imported)"));
                continue;
            }

            var point = GeometryChecks.Factory.CreatePoint(new Coordinate(lon!.Value, lat!.Value));
            var (normalised, problem) = BoringLayers.Normalise(layers, total!.Value);
            problem ??= GeometryChecks.Check(point);
            if (problem is not null)
            {
                parsed.Errors.Add(where.Error($"boring {id}: {problem}"));
                continue;
            }

            parsed.Rows.Add(new BoringRow(where, options.Source ?? first.Text("source") ?? options.FallbackSource, id, name,
                (float?)elevation, (float)total.Value,
                drilled, point, normalised));
        }

        return parsed;
    }
}
