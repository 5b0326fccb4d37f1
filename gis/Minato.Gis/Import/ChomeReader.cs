using System.Globalization;
using Minato.Gis.Layers;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using NetTopologySuite.Operation.Union;

namespace Minato.Gis.Import;

/// <summary>
/// 町丁目 from the e-Stat 小地域 boundary data (国勢調査 2020): the GeoJSON form or the shapefile form (.shp with its .dbf,
/// Shift_JIS unless a .cpg says otherwise; JGD2000 lon/lat taken as JGD2011, a few centimetres apart in Tokyo).
/// Fields KEY_CODE, S_NAME, JINKO, SETAI, HCODE (8154 = water surface). The parts of one KEY_CODE (e-Stat splits an area
/// into several polygons and counts its residents on one) are unioned and their counts summed. Each 町丁目 gets its
/// district from <see cref="ChomeDistricts"/> (or a <c>district</c> field).
/// </summary>
internal static class ChomeReader
{
    private const int WaterSurface = 8154;

    public static ParsedFile<ChomeRow> FromGeoJson(string path, ImportOptions options)
    {
        var content = GeoJsonFile.Read(path);
        var parsed = GeoJsonFile.Start<ChomeRow>(content, "e-stat-geojson");
        if (parsed.FatalError is null)
        {
            Group(parsed, parsed.WithGeometry(content.Features).Select(x => (x.Where, (IImportRecord)x.Feature, x.Feature.Geometry!)),
                options);
        }

        return parsed;
    }

    public static ParsedFile<ChomeRow> FromShapefile(string path, ImportOptions options)
    {
        var parsed = new ParsedFile<ChomeRow>("e-stat-shapefile");
        var hasCpg = File.Exists(Path.ChangeExtension(path, ".cpg"));
        Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(path, new ShapefileReaderOptions
            {
                Factory = GeometryChecks.Factory,
                Encoding = hasCpg ? null : TextDecoding.ShiftJis,
            });
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FileNotFoundException or NotSupportedException
                                      or ArgumentException or UnauthorizedAccessException)
        {
            parsed.FatalError = $"not a readable shapefile (.shp with .shx and .dbf beside it): {e.Message}";
            return parsed;
        }

        parsed.Notes.Add($"dbf read as {(hasCpg ? "the .cpg's encoding" : "Shift_JIS (no .cpg: the e-Stat default)")}");
        var records = new List<(RecordRef, IImportRecord, Geometry)>();
        for (var i = 0; i < features.Length; i++)
        {
            parsed.Read++;
            var where = new RecordRef("shape", i + 1);
            if (features[i].Geometry is not { IsEmpty: false } g)
            {
                parsed.Errors.Add(where.Error("no geometry"));
                continue;
            }

            g.SRID = GeometryChecks.Factory.SRID;
            records.Add((where, new AttributesRecord(features[i].Attributes), g));
        }

        Group(parsed, records, options);
        return parsed;
    }

    private static void Group(ParsedFile<ChomeRow> parsed, IEnumerable<(RecordRef Where, IImportRecord Record, Geometry Geometry)> records,
        ImportOptions options)
    {
        var byKey = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (where, record, geometry) in records)
        {
            var fields = new Fields(record);
            var key = fields.RequiredText("KEY_CODE", "key_code");
            fields.Check(key is null || (key.StartsWith(Ward.Code, StringComparison.Ordinal) && key.Length is >= 9 and <= 11
                && key.All(char.IsAsciiDigit)), $"KEY_CODE '{key}' is not a 9–11 digit code of Minato ({Ward.Code}…)");
            var water = fields.Integer("HCODE", "hcode") == WaterSurface;
            var name = water ? ChomeDistricts.WaterName : fields.RequiredText("S_NAME", "name");
            var population = fields.Integer("JINKO", "population") ?? 0;
            var households = fields.Integer("SETAI", "households") ?? 0;
            fields.Check(population >= 0 && households >= 0, "JINKO and SETAI must be ≥ 0");
            var district = fields.Text("district") ?? (name is null ? null : ChomeDistricts.Of(name));
            fields.Check(name is null || district is not null,
                $"町丁目 '{name}' is in no district of the jurisdiction table (ChomeDistricts): add it or give a district field");
            fields.Check(district is null || Ward.Districts.Any(d => d.Id == district), $"unknown district '{district}'");
            var mp = GeometryChecks.ToMultiPolygon(geometry);
            if (mp is null)
            {
                fields.Problems.Add($"geometry must be a Polygon or MultiPolygon, not {geometry.GeometryType}");
            }
            else if (GeometryChecks.Check(mp) is { } problem)
            {
                fields.Problems.Add(problem);
            }

            if (fields.HasProblems)
            {
                parsed.Errors.Add(where.Error(fields.Describe()));
                continue;
            }

            if (!byKey.TryGetValue(key!, out var entry))
            {
                entry = new Entry(where, name!, district!, fields.Text("source"));
                byKey[key!] = entry;
            }
            else if (entry.Name != name || entry.District != district)
            {
                parsed.Errors.Add(where.Error($"KEY_CODE {key} is '{entry.Name}' in {entry.District} at {entry.First}, here '{name}' "
                    + $"in {district}: not imported"));
                continue;
            }

            entry.Parts.AddRange(Enumerable.Range(0, mp!.NumGeometries).Select(i => (Polygon)mp.GetGeometryN(i)));
            entry.Population += population;
            entry.Households += households;
        }

        foreach (var (key, e) in byKey)
        {
            var union = e.Parts.Count == 1 ? e.Parts[0] : CascadedPolygonUnion.Union(e.Parts.Cast<Geometry>().ToArray());
            var mp = GeometryChecks.ToMultiPolygon(union);
            var problem = mp is null ? $"the union of its parts is a {union.GeometryType}" : GeometryChecks.Check(mp);
            if (problem is not null)
            {
                parsed.Errors.Add(e.First.Error($"KEY_CODE {key}: {problem}"));
                continue;
            }

            mp = GeometryChecks.Factory.CreateMultiPolygon(Enumerable.Range(0, mp!.NumGeometries)
                .Select(i => (Polygon)GeometryChecks.Factory.CreateGeometry(mp.GetGeometryN(i))).ToArray());
            parsed.Rows.Add(new ChomeRow(e.First, key, e.Name, e.Population, e.Households, e.District,
                options.Source ?? e.Source ?? "e-stat", mp));
        }

        var merged = byKey.Values.Where(e => e.Parts.Count > 1).Select(e => $"{e.Name} {e.Parts.Count}").ToList();
        if (merged.Count > 0)
        {
            parsed.Notes.Add($"{parsed.Rows.Count} 町丁目 from {parsed.Read} polygon(s): parts of one KEY_CODE unioned "
                + $"({string.Join(", ", merged)})");
        }
    }

    private sealed class Entry(RecordRef first, string name, string district, string? source)
    {
        public RecordRef First { get; } = first;

        public string Name { get; } = name;

        public string District { get; } = district;

        public string? Source { get; } = source;

        public List<Polygon> Parts { get; } = [];

        public int Population { get; set; }

        public int Households { get; set; }
    }

    /// <summary>A shapefile record's dbf attributes as import text (numbers in invariant culture).</summary>
    private sealed class AttributesRecord(IAttributesTable attributes) : IImportRecord
    {
        public string? Text(string name) => attributes.Exists(name)
            ? attributes[name] switch
            {
                null => null,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var o => o.ToString(),
            }
            : null;
    }
}
