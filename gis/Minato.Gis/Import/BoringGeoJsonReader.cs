using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// Borings from GeoJSON Point features: <c>name</c>, <c>ground_elevation_m</c>, <c>total_depth_m</c> (required),
/// <c>drilled_on</c> and <c>layers</c>, an array of <c>{top_m, bottom_m, soil_name, spt_n}</c>. Key: the feature id or
/// <c>source_id</c>.
/// </summary>
internal static class BoringGeoJsonReader
{
    public static ParsedFile<BoringRow> Read(string path, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = GeoJsonFile.Start<BoringRow>(content);
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        foreach (var (f, where) in parsed.WithGeometry(content.Features))
        {
            var fields = new Fields(f);
            var sourceId = fields.Text("source_id", "id", "boring_id") ?? f.Id;
            var total = fields.RequiredNumber("total_depth_m", "総掘進長");
            fields.Check(total is null or > 0, "total_depth_m must be > 0");
            var elevation = fields.Number("ground_elevation_m", "孔口標高");
            var drilled = fields.Date("drilled_on");
            if (sourceId is null)
            {
                fields.Problems.Add("missing id: give the feature an \"id\" or a 'source_id' property (the key that makes re-imports "
                    + "update)");
            }

            if (f.Geometry is not Point point)
            {
                fields.Problems.Add($"geometry must be a Point, not {f.Geometry!.GeometryType}");
                point = null!;
            }
            else if (GeometryChecks.Check(point) is { } problem)
            {
                fields.Problems.Add(problem);
            }

            var layers = new List<(double, double, string, double?)>();
            if (f.Properties.ValueKind == JsonValueKind.Object && f.Properties.TryGetProperty("layers", out var array))
            {
                if (array.ValueKind != JsonValueKind.Array)
                {
                    fields.Problems.Add("layers must be an array of {top_m, bottom_m, soil_name, spt_n}");
                }
                else
                {
                    var i = 0;
                    foreach (var layer in array.EnumerateArray())
                    {
                        i++;
                        var lf = new Fields(new GeoJsonFeature(i, null, layer, null, null));
                        var top = lf.RequiredNumber("top_m");
                        var bottom = lf.RequiredNumber("bottom_m");
                        var soil = lf.RequiredText("soil_name");
                        var spt = lf.Number("spt_n");
                        if (lf.HasProblems)
                        {
                            fields.Problems.Add($"layers[{i - 1}]: {lf.Describe()}");
                            continue;
                        }

                        layers.Add((top!.Value, bottom!.Value, soil!, spt));
                    }
                }
            }

            if (fields.HasProblems)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            var (normalised, layerProblem) = BoringLayers.Normalise(layers, total!.Value);
            if (layerProblem is not null)
            {
                parsed.Errors.Add(where.Error(layerProblem));
                continue;
            }

            parsed.Rows.Add(new BoringRow(where, options.Source ?? fields.Text("source") ?? options.FallbackSource, sourceId!,
                fields.Text("name"), (float?)elevation, (float)total.Value, drilled, (Point)point.Copy(), normalised));
        }

        return parsed;
    }
}
