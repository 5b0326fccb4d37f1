using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Minato.Disaster.Jma;

/// <summary>
/// Reads a JMA 防災情報XML message (DTD processing prohibited, no resolver, size capped) and picks out what it says for
/// Minato, by the codes of <see cref="JmaOptions"/>: 市町村等 1310300 (the earthquake city list's 「東京港区」 — by code,
/// so 名古屋港区 and 大阪港区 never match), 一次細分 130010 東京地方, intensity area 東京都２３区, tsunami area 東京湾内湾,
/// the designated rivers of concern. A malformed, unknown or oversized message is a <see cref="JmaParseResult.Rejected"/>
/// with its reason, never an exception. Thread-safe (stateless but for the options).
/// </summary>
public sealed partial class JmaParser(JmaOptions options)
{
    /// <summary>Parses <paramref name="xml"/> (the message's bytes as received).</summary>
    public JmaParseResult Parse(ReadOnlySpan<byte> xml)
    {
        if (xml.Length > options.MaxMessageBytes)
        {
            return JmaParseResult.Rejected($"oversized: {xml.Length} bytes (the limit is {options.MaxMessageBytes})");
        }

        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = options.MaxMessageBytes,
                IgnoreComments = true,
            };
            using var stream = new MemoryStream(xml.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return JmaParseResult.Rejected("malformed XML: " + e.Message);
        }

        try
        {
            return Read(doc.Root!);
        }
        catch (FormatException e)
        {
            return JmaParseResult.Rejected("malformed value: " + e.Message);
        }
    }

    private JmaParseResult Read(XElement root)
    {
        if (root.Name.LocalName != "Report" || Child(root, "Control") is not { } control || Child(root, "Head") is not { } head)
        {
            return JmaParseResult.Rejected("not a JMA report (Report/Control/Head missing)");
        }

        var title = Text(control, "Title");
        var status = Text(control, "Status");
        if (title is null || status is null || Text(head, "ReportDateTime") is not { } reportText)
        {
            return JmaParseResult.Rejected("Control/Title, Control/Status or Head/ReportDateTime missing");
        }

        if (status is not (JmaMessage.Normal or JmaMessage.Drill or JmaMessage.Test))
        {
            return JmaParseResult.Rejected($"unknown Control/Status '{status}'");
        }

        var family = JmaProducts.FamilyOf(title);
        if (family is null)
        {
            return JmaParseResult.Rejected($"unknown message type '{title}' (not a product this system reads)");
        }

        var report = DateTimeOffset.Parse(reportText, CultureInfo.InvariantCulture);
        var infoType = Text(head, "InfoType") ?? "発表";
        var body = Child(root, "Body");
        var headline = Child(head, "Headline") is { } h ? (Text(h, "Text") ?? "").Trim() : "";
        DateTimeOffset? valid = Text(head, "ValidDateTime") is { } v ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture) : null;
        var (product, concerns, reading) = family switch
        {
            JmaProducts.Quake => ReadQuake(body),
            JmaProducts.Tsunami => ReadTsunami(body),
            JmaProducts.River => ReadRiver(head, body, headline),
            _ => ReadWarnings(family, title, body),
        };
        if (family == JmaProducts.RecordRain)
        {
            valid ??= report + options.RecordRainShownFor;
        }

        if (infoType == "取消")
        {
            reading = new JmaReading([]); // a cancelled message: what it said no longer holds
        }

        return JmaParseResult.Ok(new JmaMessage(title, Text(head, "Title") ?? title, product, status, infoType, report, valid,
            NullIfEmpty(Text(head, "EventID")), headline, concerns, reading));
    }

    /// <summary>気象警報・注意報 (both formats), 土砂災害警戒情報, 記録的短時間大雨情報, 竜巻注意情報: the items of Minato's city, else
    /// of its region.</summary>
    private (string, bool, JmaReading) ReadWarnings(string family, string title, XElement? body)
    {
        var product = family == JmaProducts.Warnings ? JmaProducts.WarningProduct(title) : family;
        var items = Descendants(body, "Warning").SelectMany(w => Children(w, "Item")).ToList();
        var mine = items.Where(i => Child(i, "Area") is { } a && Text(a, "Code") == options.CityCode).ToList();
        if (mine.Count == 0)
        {
            mine = items.Where(i => Child(i, "Area") is { } a && Text(a, "Code") == options.RegionCode).Take(1).ToList();
        }

        var read = new List<JmaItem>();
        foreach (var item in mine)
        {
            var area = Child(item, "Area")!;
            foreach (var kind in Children(item, "Kind"))
            {
                if (Text(kind, "Name") is not { } name || Text(kind, "Code") is not { } code || code is "00" or "0" || name is "解除" or "なし")
                {
                    continue;
                }

                var itemStatus = Text(kind, "Status") switch
                {
                    "解除" => JmaItem.Cancelled,
                    "継続" => JmaItem.Continued,
                    "発表警報・注意報はなし" or "なし" => null,
                    _ => JmaItem.Issued,
                };
                if (itemStatus is not null)
                {
                    read.Add(new JmaItem(code, name, JmaProducts.LevelOf(family, code, name), Text(area, "Code")!, Text(area, "Name") ?? "",
                        null, itemStatus));
                }
            }
        }

        return (product, mine.Count > 0, new JmaReading(read));
    }

    /// <summary>指定河川洪水予報: the rivers of concern named in the Head; the kind and level from the Head's information.</summary>
    private (string, bool, JmaReading) ReadRiver(XElement head, XElement? body, string headline)
    {
        var infos = Descendants(head, "Information").ToList();
        var riverInfo = infos.FirstOrDefault(i => i.Attribute("type")?.Value == "指定河川洪水予報（河川）") ?? infos.FirstOrDefault();
        var rivers = Descendants(riverInfo, "Area").Select(a => (Code: Text(a, "Code") ?? "", Name: Text(a, "Name") ?? "")).ToList();
        if (rivers.Count == 0)
        {
            rivers = Descendants(body, "Areas").Where(a => a.Attribute("codeType")?.Value == "河川").SelectMany(a => Children(a, "Area"))
                .Select(a => (Code: Text(a, "Code") ?? "", Name: Text(a, "Name") ?? "")).Distinct().ToList();
        }

        var mine = rivers.Where(r => options.RiversOfConcern.Contains(r.Name, StringComparer.Ordinal)).ToList();
        var main = mine.Count > 0 ? mine[0] : rivers.FirstOrDefault();
        var kind = Descendants(riverInfo, "Kind").FirstOrDefault();
        var name = kind is null ? "指定河川洪水予報" : Text(kind, "Name") ?? "指定河川洪水予報";
        var code = kind is null ? "" : Text(kind, "Code") ?? "";
        var level = JmaProducts.RiverLevel(name) ?? JmaProducts.LevelInText(headline);
        var status = name.Contains("解除", StringComparison.Ordinal) ? JmaItem.Cancelled : JmaItem.Issued;
        var items = mine.Select(r => new JmaItem(code, name, status == JmaItem.Cancelled ? null : level, r.Code, r.Name, r.Name, status))
            .ToList();
        return (JmaProducts.River + ":" + (main.Name ?? ""), mine.Count > 0, new JmaReading(items));
    }

    private (string, bool, JmaReading) ReadQuake(XElement? body)
    {
        var quake = Child(body, "Earthquake");
        var hypo = Descendants(quake, "Hypocenter").Elements().FirstOrDefault(e => e.Name.LocalName == "Area");
        var magnitude = Descendants(quake, "Magnitude").FirstOrDefault();
        var observation = Descendants(body, "Observation").FirstOrDefault();
        var area = Descendants(observation, "Area").FirstOrDefault(a => Text(a, "Name") == options.IntensityArea);
        var city = Descendants(observation, "City").FirstOrDefault(c => Text(c, "Code") == options.CityCode);
        DateTimeOffset? origin = Text(quake, "OriginTime") is { } o ? DateTimeOffset.Parse(o, CultureInfo.InvariantCulture) : null;
        var reading = new JmaQuake(origin, hypo is null ? null : Text(hypo, "Name"),
            magnitude?.Attribute("description")?.Value ?? magnitude?.Value, Text(observation, "MaxInt"),
            area is null ? null : Text(area, "MaxInt"), city is null ? null : Text(city, "MaxInt"));
        return (JmaProducts.Quake, area is not null || city is not null, new JmaReading([], Earthquake: reading));
    }

    private (string, bool, JmaReading) ReadTsunami(XElement? body)
    {
        var forecast = Descendants(body, "Forecast").FirstOrDefault();
        var item = Children(forecast, "Item").FirstOrDefault(i => Child(i, "Area") is { } a && Text(a, "Name") == options.TsunamiArea);
        if (item is null)
        {
            // A forecast that leaves 東京湾内湾 out says nothing is expected there (what it said before is lifted).
            return (JmaProducts.Tsunami, forecast is not null, new JmaReading([]));
        }

        var area = Child(item, "Area")!;
        var category = Child(item, "Category");
        var kind = Child(category, "Kind");
        var last = Child(category, "LastKind");
        var name = Text(kind, "Name") ?? "";
        var code = Text(kind, "Code") ?? "";
        var warning = JmaProducts.IsTsunamiWarning(code);
        DateTimeOffset? arrival = Descendants(Child(item, "FirstHeight"), "ArrivalTime").FirstOrDefault() is { } t
            ? DateTimeOffset.Parse(t.Value, CultureInfo.InvariantCulture) : null;
        var height = Descendants(Child(item, "MaxHeight"), "TsunamiHeight").FirstOrDefault() is { } hgt
            ? NullIfEmpty(hgt.Attribute("description")?.Value) ?? hgt.Value : null;
        var tsunami = new JmaTsunami(Text(area, "Code") ?? "", Text(area, "Name")!, code, name, warning, arrival, height);
        var items = new List<JmaItem>();
        if (warning)
        {
            items.Add(new JmaItem(code, name, null, tsunami.AreaCode, tsunami.AreaName, null,
                Text(last, "Code") == code ? JmaItem.Continued : JmaItem.Issued));
        }

        return (JmaProducts.Tsunami, true, new JmaReading(items, Tsunami: tsunami));
    }

    private static XElement? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(c => c.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement? e, string name) =>
        e?.Elements().Where(c => c.Name.LocalName == name) ?? [];

    private static IEnumerable<XElement> Descendants(XElement? e, string name) =>
        e?.Descendants().Where(c => c.Name.LocalName == name) ?? [];

    private static string? Text(XElement? e, string name) => Child(e, name)?.Value.Trim();

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
