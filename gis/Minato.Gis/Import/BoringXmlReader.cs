using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// Borings from the national ボーリング交換用データ XML (地質・土質調査成果電子納品要領, DTD BED 2.x–4.x), one boring per
/// file, or a folder of such files. Key: the file name without extension. Layers come from 工学的地質区分名現場土質名 (4.x),
/// 岩石土区分 (3.x) or 土質岩種区分 (2.x), each starting where the one above ends. A layer's SPT N is the mean of the
/// 標準貫入試験 that start in it; a test stopped short of 30 cm is extrapolated (N = blows × 30 cm / penetration, ≤ 300).
/// Coordinates in the old Tokyo datum (測地系 0) are rejected: convert them first.
/// </summary>
internal static class BoringXmlReader
{
    private static readonly (string Block, string Bottom, string Name)[] LayerTags =
    [
        ("工学的地質区分名現場土質名", "工学的地質区分名現場土質名_下端深度", "工学的地質区分名現場土質名_工学的地質区分名現場土質名"),
        ("岩石土区分", "岩石土区分_下端深度", "岩石土区分_岩石土名"),
        ("土質岩種区分", "土質岩種区分_下端深度", "土質岩種区分_土質岩種区分1"),
    ];

    public static bool LooksLikeBed(string path)
    {
        try
        {
            using var reader = XmlReader.Create(path, Settings);
            return reader.MoveToContent() == XmlNodeType.Element && reader.LocalName == "ボーリング情報";
        }
        catch (XmlException)
        {
            return false;
        }
    }

    public static ParsedFile<BoringRow> Read(string path, ImportOptions options)
    {
        _ = TextDecoding.ShiftJis; // registers the code pages: BED files are often declared Shift_JIS
        var parsed = new ParsedFile<BoringRow>("bed-xml");
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => f.EndsWith(".xml",
                StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray()
            : [path];
        if (files.Length == 0)
        {
            parsed.Notes.Add("the folder holds no .xml files");
        }

        var n = 0;
        foreach (var file in files)
        {
            parsed.Read++;
            var where = new RecordRef("boring", ++n);
            var name = Path.GetFileName(file);
            XElement root;
            try
            {
                using var reader = XmlReader.Create(file, Settings);
                root = XDocument.Load(reader).Root!;
            }
            catch (XmlException e)
            {
                if (files.Length == 1)
                {
                    parsed.FatalError = $"malformed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}";
                    return parsed;
                }

                parsed.Errors.Add(where.Error($"{name}: malformed XML at line {e.LineNumber}: {e.Message}"));
                continue;
            }

            var (row, problem) = ReadBoring(root, where, Path.GetFileNameWithoutExtension(file), options);
            if (problem is not null)
            {
                if (files.Length == 1 && root.Name.LocalName != "ボーリング情報")
                {
                    parsed.FatalError = problem;
                    return parsed;
                }

                parsed.Errors.Add(where.Error($"{name}: {problem}"));
                continue;
            }

            parsed.Rows.Add(row!);
        }

        return parsed;
    }

    private static XmlReaderSettings Settings => new() { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null,
        IgnoreWhitespace = true };

    private static (BoringRow? Row, string? Problem) ReadBoring(XElement root, RecordRef where, string key, ImportOptions options)
    {
        if (root.Name.LocalName != "ボーリング情報")
        {
            return (null, $"not a ボーリング交換用データ file: the root element is <{root.Name.LocalName}>");
        }

        var major = double.TryParse((string?)root.Attribute("DTD_version"), CultureInfo.InvariantCulture, out var v) ? (int)v : 3;
        string? Text(XElement scope, string tag) => scope.Descendants(tag).FirstOrDefault()?.Value.Trim() is { Length: > 0 } s ? s : null;
        double? Num(XElement scope, string tag) =>
            Text(scope, tag) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture,
                out var d) && double.IsFinite(d) ? d : null;

        var datum = Text(root, "測地系")?.TrimStart('0');
        if (datum is "")
        {
            return (null, "coordinates are in the old Tokyo datum (測地系 0): convert them to JGD2000/JGD2011 first");
        }

        var lonDeg = Num(root, "経度_度");
        var latDeg = Num(root, "緯度_度");
        if (lonDeg is null || latDeg is null)
        {
            return (null, "missing 経度緯度情報 (経度_度 / 緯度_度)");
        }

        var lon = lonDeg.Value + (Num(root, "経度_分") ?? 0) / 60 + (Num(root, "経度_秒") ?? 0) / 3600;
        var lat = latDeg.Value + (Num(root, "緯度_分") ?? 0) / 60 + (Num(root, "緯度_秒") ?? 0) / 3600;
        var total = Num(root, "総削孔長") ?? Num(root, "総掘進長");
        var bottoms = new List<(double Bottom, string Name)>();
        foreach (var (block, bottomTag, nameTag) in LayerTags)
        {
            foreach (var b in root.Descendants(block))
            {
                if (Num(b, bottomTag) is { } bottom)
                {
                    bottoms.Add((bottom, Text(b, nameTag) ?? "(不明)"));
                }
            }

            if (bottoms.Count > 0)
            {
                break;
            }
        }

        bottoms.Sort((a, b) => a.Bottom.CompareTo(b.Bottom));
        total ??= bottoms.Count > 0 ? bottoms[^1].Bottom : null;
        if (total is null or <= 0)
        {
            return (null, "missing total depth (総掘進長 / 総削孔長) and no layers");
        }

        // Penetration is recorded in millimetres from DTD 4 and in centimetres before.
        var perCm = major >= 4 ? 10.0 : 1.0;
        var spt = root.Descendants("標準貫入試験")
            .Select(t => (Depth: Num(t, "標準貫入試験_開始深度"), Blows: Num(t, "標準貫入試験_合計打撃回数"), Pen: Num(t, "標準貫入試験_合計貫入量")))
            .Where(t => t.Depth is not null && t.Blows is not null)
            .Select(t => (Depth: t.Depth!.Value, N: t.Pen is { } p && p > 0 && p / perCm < 30 ? Math.Min(300,
                t.Blows!.Value * 30 / (p / perCm)) : t.Blows!.Value))
            .ToList();
        var layers = new List<(double, double, string, double?)>();
        var top = 0.0;
        foreach (var (bottom, soil) in bottoms)
        {
            if (bottom <= top)
            {
                continue;
            }

            var inLayer = spt.Where(s => s.Depth >= top && s.Depth < bottom).Select(s => s.N).ToList();
            layers.Add((top, bottom, soil, inLayer.Count > 0 ? Math.Min(300, inLayer.Average()) : null));
            top = bottom;
        }

        var point = GeometryChecks.Factory.CreatePoint(new Coordinate(lon, lat));
        var (normalised, problem) = BoringLayers.Normalise(layers, Math.Max(total.Value, top));
        problem ??= GeometryChecks.Check(point);
        if (problem is not null)
        {
            return (null, problem);
        }

        var drilled = Text(root, "調査期間_終了年月日") ?? Text(root, "調査期間_開始年月日");
        DateOnly? drilledOn = drilled is not null && DateOnly.TryParse(drilled, CultureInfo.InvariantCulture, out var d) ? d : null;
        return (new BoringRow(where, options.Source ?? "bed", key, Text(root, "ボーリング名"), (float?)Num(root, "孔口標高"),
            (float)Math.Max(total.Value, top), drilledOn, point, normalised), null);
    }
}
