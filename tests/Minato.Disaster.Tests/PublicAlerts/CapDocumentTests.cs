using System.Xml.Linq;
using Minato.Disaster.PublicAlerts;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>CAP 1.2 documents built in memory, validated against the OASIS schema; polygon order and times checked by hand.</summary>
public sealed class CapDocumentTests
{
    private static readonly Dictionary<string,
        string> Headline = new(StringComparer.Ordinal) { ["ja"] = "芝地区に避難指示", ["en"] = "Evacuation order for Shiba" };
    private static readonly Dictionary<string,
        string> Description = new(StringComparer.Ordinal) { ["ja"] = "古川が氾濫するおそれ", ["en"] = "The river may flood" };
    private static readonly DateTimeOffset Sent = new(2026, 11, 24, 2, 30, 15, 123, TimeSpan.Zero);

    private static CapMessage Message(string msgType = "Alert", int level = 4, IReadOnlyDictionary<string, string>? headline = null,
        IReadOnlyList<CapReference>? references = null, IReadOnlyList<string>? polygons = null) =>
        new("13103-alert-1-v1", "minato-city@alerts.minato.example", Sent, "Actual", msgType, references ?? [], null,
            WarningLevel.Of(level)!,
            headline ?? Headline, headline ?? Description, null, new Dictionary<string,
                string>(StringComparer.Ordinal) { ["ja"] = "港区 芝", ["en"] = "Minato: Shiba" },
            polygons ?? ["35.65,139.74 35.65,139.75 35.66,139.75 35.65,139.74"], Sent.AddHours(6), "港区", "Minato City", null);

    [Fact]
    public void Build_Alert_ValidatesAgainstCap12Schema()
    {
        var xml = CapDocument.ToText(CapDocument.Build(Message()));

        CapSchema.AssertValid(xml);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SentInUtc_WrittenAsJstWithOffsetAndNoFraction()
    {
        var doc = CapDocument.Build(Message());

        Assert.Equal("2026-11-24T11:30:15+09:00", doc.Root!.Element(CapSchema.Ns + "sent")!.Value);
        Assert.Equal("2026-11-24T17:30:15+09:00", doc.Root.Element(CapSchema.Ns + "info")!.Element(CapSchema.Ns + "expires")!.Value);
    }

    [Fact]
    public void Build_FiveLanguages_OneInfoPerLanguageWithItsTag()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "見出し", ["en"] = "Headline", ["zh"] = "标题", ["ko"] = "헤드라인", ["ja-easy"] = "みだし",
        };
        var xml = CapDocument.ToText(CapDocument.Build(Message(headline: all)));

        CapSchema.AssertValid(xml);
        var infos = XDocument.Parse(xml).Root!.Elements(CapSchema.Ns + "info").ToList();
        Assert.Equal(["ja-JP", "en-US", "zh-CN", "ko-KR", "ja-JP-x-easy"], infos.Select(i => i.Element(CapSchema.Ns + "language")!.Value));
        Assert.Equal("헤드라인", infos[3].Element(CapSchema.Ns + "headline")!.Value);
        Assert.Equal("경계레벨4 피난지시", infos[3].Element(CapSchema.Ns + "event")!.Value);
    }

    [Theory]
    [InlineData(1, "Future", "Minor", "Possible", "Monitor")]
    [InlineData(3, "Expected", "Severe", "Likely", "Prepare")]
    [InlineData(4, "Immediate", "Severe", "Likely", "Evacuate")]
    [InlineData(5, "Immediate", "Extreme", "Observed", "Shelter")]
    public void Build_Level_MapsUrgencySeverityCertaintyResponse(int level, string urgency, string severity, string certainty,
        string response)
    {
        var info = CapDocument.Build(Message(level: level)).Root!.Element(CapSchema.Ns + "info")!;

        Assert.Equal(urgency, info.Element(CapSchema.Ns + "urgency")!.Value);
        Assert.Equal(severity, info.Element(CapSchema.Ns + "severity")!.Value);
        Assert.Equal(certainty, info.Element(CapSchema.Ns + "certainty")!.Value);
        Assert.Equal(response, info.Element(CapSchema.Ns + "responseType")!.Value);
        Assert.Equal(level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            info.Element(CapSchema.Ns + "eventCode")!.Element(CapSchema.Ns + "value")!.Value);
    }

    [Fact]
    public void Build_UpdateAndCancel_ReferencesEarlierMessagesAndValidate()
    {
        var first = new CapReference("minato-city@alerts.minato.example", "13103-alert-1-v1", Sent.AddMinutes(-30));
        var second = new CapReference("minato-city@alerts.minato.example", "13103-alert-1-v2", Sent.AddMinutes(-10));
        var update = CapDocument.ToText(CapDocument.Build(Message("Update", references: [first])));
        var cancel = CapDocument.ToText(CapDocument.Build(Message("Cancel", references: [first, second])));

        CapSchema.AssertValid(update);
        CapSchema.AssertValid(cancel);
        var refs = XDocument.Parse(cancel).Root!.Element(CapSchema.Ns + "references")!.Value;
        Assert.Equal("minato-city@alerts.minato.example,13103-alert-1-v1,2026-11-24T11:00:15+09:00 " +
            "minato-city@alerts.minato.example,13103-alert-1-v2,2026-11-24T11:20:15+09:00", refs);
        var info = XDocument.Parse(cancel).Root!.Element(CapSchema.Ns + "info")!;
        Assert.Equal("AllClear", info.Element(CapSchema.Ns + "responseType")!.Value);
        Assert.Equal("Past", info.Element(CapSchema.Ns + "urgency")!.Value);
    }

    [Fact]
    public void Format_Polygon_LatitudeFirstClosedRing()
    {
        var polygon = new WKTReader().Read("MULTIPOLYGON(((139.74 35.65, 139.75 35.65, 139.75 35.66, 139.74 35.65)))");

        var text = Assert.Single(CapPolygons.Format(polygon, 100));

        Assert.Equal("35.65,139.74 35.65,139.75 35.66,139.75 35.65,139.74", text);
    }

    [Fact]
    public void Format_MultiPolygonWithHole_OneOuterRingPerPart()
    {
        var area = new WKTReader().Read(
            "MULTIPOLYGON(((139.70 35.60, 139.80 35.60, 139.80 35.70, 139.70 35.60), (139.76 35.62, 139.78 35.62, 139.78 35.64, 139.76 " +
                "35.62)), ((139.77 35.62, 139.79 35.62, 139.79 35.63, 139.77 35.62)))");

        var polygons = CapPolygons.Format(area, 100);

        Assert.Equal(2, polygons.Count);
        Assert.All(polygons, p => Assert.Equal(4, p.Split(' ').Length));
    }

    [Fact]
    public void Simplify_DenseRing_AtMostMaxVerticesStillClosed()
    {
        // A circle of 2,000 vertices, ~1 km radius around Tokyo Tower.
        var factory = new GeometryFactory(new PrecisionModel(), 6668);
        var coords = Enumerable.Range(0, 2000)
            .Select(i => new Coordinate(139.7454 + (0.011 * Math.Cos(i * Math.PI / 1000)),
                35.6586 + (0.009 * Math.Sin(i * Math.PI / 1000)))).ToList();
        coords.Add(coords[0]);
        var ring = factory.CreateLinearRing([.. coords]);

        var simplified = CapPolygons.Simplify(ring, 100);

        Assert.InRange(simplified.NumPoints, 4, 100);
        Assert.True(simplified.IsClosed);
        var area = factory.CreatePolygon(simplified.Coordinates).Area / factory.CreatePolygon(ring).Area;
        Assert.InRange(area, 0.98, 1.0); // still the same shape
    }
}
