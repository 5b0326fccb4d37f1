using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>Road centrelines from GeoJSON: LineString, or MultiLineString (each part becomes a row <c>id#n</c>). The routing
/// graph joins lines at equal end points (no other noding); <c>foot</c> (optional) says whether walkers may use it, else the
/// class decides (<see cref="Routing.PedestrianAccess.FromClass"/>).</summary>
internal static class RoadReader
{
    public static ParsedFile<RoadRow> FromGeoJson(string path, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = GeoJsonFile.Start<RoadRow>(content);
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        foreach (var (f, where) in parsed.WithGeometry(content.Features))
        {
            var lines = f.Geometry switch
            {
                LineString l => [l],
                MultiLineString m => Enumerable.Range(0, m.NumGeometries).Select(i => (LineString)m.GetGeometryN(i)).ToList(),
                _ => null,
            };
            if (lines is null)
            {
                parsed.Errors.Add(where.Error($"geometry must be a LineString or MultiLineString, not {f.Geometry!.GeometryType}"));
                continue;
            }

            var fields = new Fields(f);
            var sourceId = fields.Text("source_id", "id") ?? f.Id;
            var roadClass = fields.RequiredText("road_class", "highway", "class");
            var width = fields.Number("width_m", "width", "幅員");
            fields.Check(width is null or > 0, "width_m must be > 0");
            var oneway = fields.Bool("oneway") ?? false;
            var emergency = fields.Bool("emergency_route", "緊急輸送道路") ?? false;
            var name = fields.Text("name", "name_ja", "名称");
            var foot = fields.Bool("foot");
            var source = options.Source ?? fields.Text("source") ?? options.FallbackSource;
            if (sourceId is null)
            {
                fields.Problems.Add("missing id: give the feature an \"id\" or a 'source_id' property (the key that makes re-imports "
                    + "update)");
            }

            var cleaned = new List<LineString>();
            foreach (var line in lines)
            {
                var clean = GeometryChecks.CleanLine(line);
                if (clean is null)
                {
                    fields.Problems.Add("a line has fewer than 2 distinct positions");
                    break;
                }

                if (GeometryChecks.Check(clean) is { } problem)
                {
                    fields.Problems.Add(problem);
                    break;
                }

                cleaned.Add(clean);
            }

            if (fields.HasProblems)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            for (var i = 0; i < cleaned.Count; i++)
            {
                var id = cleaned.Count == 1 ? sourceId! : $"{sourceId}#{i + 1}";
                parsed.Rows.Add(new RoadRow(where, source, id, name, roadClass!, (float?)width, oneway, emergency, cleaned[i],
                    foot ?? Routing.PedestrianAccess.FromClass(roadClass!)));
            }
        }

        return parsed;
    }
}
