using System.Text.RegularExpressions;
using Minato.Gis.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Minato.Gis.Import;

/// <summary>
/// The ward boundary and the five districts from GeoJSON. Polygon parts are unioned per area, so the geolonia / N03
/// files with one feature per polygon part become one MultiPolygon.
/// </summary>
internal static partial class AreaReader
{
    /// <summary>The boundary layer holds Minato City only: features of other municipalities are skipped.</summary>
    public static ParsedFile<AreaRow> Boundary(string path, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = new ParsedFile<AreaRow>("geojson") { FatalError = content.FatalError };
        parsed.Notes.AddRange(content.Notes);
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        var fileCode = FileCode().Match(Path.GetFileName(path)) is { Success: true } m ? m.Groups[1].Value[..5] : null;
        var parts = new List<Polygon>();
        var others = new SortedSet<string>(StringComparer.Ordinal);
        string? source = null;
        foreach (var f in content.Features)
        {
            parsed.Read++;
            var where = new RecordRef("feature", f.Number);
            var fields = new Fields(f);
            var code = fields.Text("N03_007", "code", "行政区域コード", "citycode") ?? fileCode;
            var name = fields.Text("N03_004", "name", "name_ja");
            var isMinato = code is not null ? code.StartsWith(Ward.Code, StringComparison.Ordinal) : name is null || name.Contains("港区",
                StringComparison.Ordinal);
            if (!isMinato)
            {
                parsed.Skipped++;
                others.Add(code ?? name ?? "?");
                continue;
            }

            if (AreaParts(parsed, where, f) is { } polygons)
            {
                parts.AddRange(polygons);
                source ??= fields.Text("source");
            }
        }

        if (others.Count > 0)
        {
            var list = string.Join(", ", others.Take(8)) + (others.Count > 8 ? $" and {others.Count - 8} more" : "");
            parsed.Notes.Add($"skipped {parsed.Skipped} feature(s) of other municipalities ({list}): the boundary layer holds Minato City "
                + $"({Ward.Code}) only");
        }

        if (parts.Count > 0)
        {
            var area = Union(parsed, new RecordRef("file", 0), parts);
            if (area is not null)
            {
                parsed.Rows.Add(new AreaRow(new RecordRef("feature", 1), Ward.Code, "港区", "Minato City",
                    options.Source ?? source ?? options.FallbackSource, area));
                parsed.Notes.Add($"{parts.Count} polygon part(s) unioned into one MultiPolygon of {area.NumGeometries} part(s), "
                    + $"{area.NumPoints:N0} vertices");
            }
        }

        return parsed;
    }

    /// <summary>Districts keyed by their id (shiba, azabu, akasaka, takanawa, shibaura-konan) or Japanese/English name.</summary>
    public static ParsedFile<AreaRow> Districts(string path, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = new ParsedFile<AreaRow>("geojson") { FatalError = content.FatalError };
        parsed.Notes.AddRange(content.Notes);
        if (parsed.FatalError is not null)
        {
            return parsed;
        }

        var byDistrict = new Dictionary<string, (RecordRef First, List<Polygon> Parts, string? Source)>(StringComparer.Ordinal);
        foreach (var f in content.Features)
        {
            parsed.Read++;
            var where = new RecordRef("feature", f.Number);
            var fields = new Fields(f);
            var key = fields.Text("id", "district", "district_id", "name_en", "name_ja", "name") ?? f.Id;
            var district = Ward.Districts.FirstOrDefault(d =>
                string.Equals(d.Id, key, StringComparison.OrdinalIgnoreCase) || d.NameJa == key || d.NameJa == key + "地区"
                || string.Equals(d.NameEn, key, StringComparison.OrdinalIgnoreCase));
            if (district.Id is null)
            {
                parsed.Errors.Add(where.Error(
                    $"unknown district '{key}' (expected one of {string.Join(", ", Ward.Districts.Select(d => d.Id))})"));
                continue;
            }

            if (AreaParts(parsed, where, f) is not { } polygons)
            {
                continue;
            }

            if (!byDistrict.TryGetValue(district.Id, out var entry))
            {
                entry = (where, [], fields.Text("source"));
                byDistrict[district.Id] = entry;
            }

            entry.Parts.AddRange(polygons);
        }

        foreach (var (id, (first, parts, source)) in byDistrict)
        {
            var d = Ward.Districts.First(x => x.Id == id);
            if (Union(parsed, first, parts) is { } area)
            {
                parsed.Rows.Add(new AreaRow(first, id, d.NameJa, d.NameEn, options.Source ?? source ?? options.FallbackSource, area));
            }
        }

        return parsed;
    }

    private static List<Polygon>? AreaParts(ParsedFile<AreaRow> parsed, RecordRef where, GeoJsonFeature f)
    {
        if (f.GeometryError is not null)
        {
            parsed.Errors.Add(where.Error(f.GeometryError));
            return null;
        }

        if (GeometryChecks.ToMultiPolygon(f.Geometry!) is not { } mp)
        {
            parsed.Errors.Add(where.Error($"geometry must be a Polygon or MultiPolygon, not {f.Geometry!.GeometryType}"));
            return null;
        }

        if (GeometryChecks.Check(mp) is { } problem)
        {
            parsed.Errors.Add(where.Error(problem));
            return null;
        }

        return Enumerable.Range(0, mp.NumGeometries).Select(i => (Polygon)mp.GetGeometryN(i)).ToList();
    }

    private static MultiPolygon? Union(ParsedFile<AreaRow> parsed, RecordRef where, List<Polygon> parts)
    {
        var union = parts.Count == 1 ? parts[0] : CascadedPolygonUnion.Union(parts.Cast<Geometry>().ToArray());
        union.SRID = GeometryChecks.Factory.SRID;
        var mp = GeometryChecks.ToMultiPolygon(union);
        var problem = mp is null ? $"the union of the parts is a {union.GeometryType}" : GeometryChecks.Check(mp);
        if (problem is not null)
        {
            parsed.Errors.Add(where.Error("union of the polygon parts: " + problem));
            return null;
        }

        return GeometryChecks.Factory.CreateMultiPolygon(
            Enumerable.Range(0, mp!.NumGeometries).Select(i =>
                (Polygon)GeometryChecks.Factory.CreateGeometry(mp.GetGeometryN(i))).ToArray());
    }

    [GeneratedRegex(@"(?<!\d)(\d{5,6})(?=\.[A-Za-z]+$)")]
    private static partial Regex FileCode();
}
