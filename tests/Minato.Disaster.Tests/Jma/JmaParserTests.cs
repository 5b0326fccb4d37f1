using System.Text;
using Minato.Disaster.Jma;

namespace Minato.Disaster.Tests.Jma;

/// <summary>
/// Every JMA sample in ../shared/data/jma parses to what it says for Minato (市町村等 1310300, 東京地方 130010, 東京都２３区,
/// 東京湾内湾); 訓練/試験 are read as such; malformed, unknown, oversized and DTD-carrying messages are refused with a reason.
/// </summary>
public sealed class JmaParserTests
{
    [Theory]
    [InlineData("15_12_02_161130_VPWW53.xml")]
    [InlineData("15_12_02_161130_VPWW54.xml")]
    public void Parse_Tokyo2016Warnings_MinatoHasHeavyRainAndFloodWarningsAndThunderAdvisory(string file)
    {
        var m = JmaSamples.Parse(file);

        Assert.Equal(JmaProducts.Warnings, m.Product);
        Assert.True(m.ConcernsMinato);
        Assert.Equal(JmaMessage.Normal, m.ControlStatus);
        Assert.Equal(new DateTimeOffset(2016, 2, 12, 14, 22, 0, TimeSpan.FromHours(9)), m.ReportTime);
        Assert.All(m.Reading.Items, i => Assert.Equal(("1310300", "港区"), (i.AreaCode, i.AreaName)));
        var kinds = m.Reading.Items.ToDictionary(i => i.KindName);
        Assert.Equal(new[] { "大雨警報", "洪水警報", "雷注意報" }.Order(StringComparer.Ordinal), kinds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("03", 3), (kinds["大雨警報"].KindCode, kinds["大雨警報"].Level));
        Assert.Equal(("04", 3), (kinds["洪水警報"].KindCode, kinds["洪水警報"].Level));
        Assert.Equal(("14", (int?)null), (kinds["雷注意報"].KindCode, kinds["雷注意報"].Level));
        Assert.Equal(JmaItem.Continued, kinds["雷注意報"].Status);
        if (file.EndsWith("VPWW54.xml", StringComparison.Ordinal))
        {
            Assert.Equal(JmaItem.Issued, kinds["大雨警報"].Status);
            Assert.Equal(JmaItem.Issued, kinds["洪水警報"].Status);
        }
    }

    [Theory]
    [InlineData("15_14_01_170216_VPWW53.xml")]
    [InlineData("15_14_01_170216_VPWW54.xml")]
    public void Parse_Tokyo2017NoWarningsForMinato_ConcernsMinatoWithNothingInForce(string file)
    {
        var m = JmaSamples.Parse(file);

        Assert.Equal(JmaProducts.Warnings, m.Product);
        Assert.True(m.ConcernsMinato);
        Assert.Empty(m.Reading.Items); // 港区: 発表警報・注意報はなし, although 東京地方 carries 大雨特別警報 for 23区西部
        Assert.Equal(new DateTimeOffset(2017, 1, 26, 8, 20, 0, TimeSpan.Zero), m.ReportTime);
    }

    [Theory]
    [InlineData("15_17_01_250630_VPWW55.xml", "気象警報・注意報（大雨）")]
    [InlineData("15_17_01_250630_VPWW56.xml", "気象警報・注意報（土砂）")]
    public void Parse_R06ShimaneSample_ProductPerHazardAndNotMinato(string file, string product)
    {
        var m = JmaSamples.Parse(file);

        Assert.Equal(product, m.Product);
        Assert.False(m.ConcernsMinato);
        Assert.Empty(m.Reading.Items);
    }

    [Fact]
    public void Parse_R06AsIfMinato_LevelReadFromTheKindName()
    {
        // The 2026 format names the level in the kind: 「レベル３大雨警報」. Read 松江市 as if it were Minato.
        var options = new JmaOptions { CityCode = "3220100" };

        var m = JmaSamples.Parse("15_17_01_250630_VPWW55.xml", options);

        var item = Assert.Single(m.Reading.Items, i => i.InForce);
        Assert.Equal(("レベル３大雨警報", "03", 3, JmaItem.Continued), (item.KindName, item.KindCode, item.Level, item.Status));
        var sediment = JmaSamples.Parse("15_17_01_250630_VPWW56.xml", options);
        Assert.Equal(("レベル２土砂災害注意報", 2), (Assert.Single(sediment.Reading.Items).KindName, sediment.Reading.Items[0].Level));
    }

    [Fact]
    public void Parse_LandslideFukuokaAndKanagawa_NotMinatoButLevel4ForTheirCities()
    {
        var fukuoka = JmaSamples.Parse("17_01_01_190529_VXWW50.xml");
        var kanagawa = JmaSamples.Parse("17_04_01_250630_VXWW50.xml");
        Assert.Equal(JmaProducts.Landslide, fukuoka.Product);
        Assert.False(fukuoka.ConcernsMinato);
        Assert.False(kanagawa.ConcernsMinato);

        var kitakyushu = JmaSamples.Parse("17_01_01_190529_VXWW50.xml", new JmaOptions { CityCode = "4010000" });
        var item = Assert.Single(kitakyushu.Reading.Items);
        Assert.Equal(("警戒", 4, JmaItem.Continued), (item.KindName, item.Level, item.Status));
    }

    [Fact]
    public void Parse_FloodForecasts_RiverKindAndLevel_OnlyRiversOfConcernCount()
    {
        var rokkaku = JmaSamples.Parse("16_02_02_220728_VXKOii.xml");
        Assert.Equal("指定河川洪水予報:六角川", rokkaku.Product);
        Assert.False(rokkaku.ConcernsMinato);
        Assert.Empty(rokkaku.Reading.Items);

        var watched = JmaSamples.Parse("16_02_02_220728_VXKOii.xml", new JmaOptions { Rivers = ["六角川"] });
        Assert.True(watched.ConcernsMinato);
        var item = Assert.Single(watched.Reading.Items);
        Assert.Equal(("氾濫警戒情報", "30", 3, "六角川"), (item.KindName, item.KindCode, item.Level, item.River));

        var danger = JmaSamples.Parse("16_06_01_220728_VXKOii.xml", new JmaOptions { Rivers = ["○○川"] });
        Assert.Equal(4, Assert.Single(danger.Reading.Items).Level);
    }

    [Fact]
    public void Parse_RecordRainHokkaido_NotMinatoShownForAnHour()
    {
        var m = JmaSamples.Parse("18_03_01_190412_VPOA50.xml");

        Assert.Equal(JmaProducts.RecordRain, m.Product);
        Assert.False(m.ConcernsMinato);
        Assert.Equal(m.ReportTime.AddHours(1), m.ValidUntil);
        var ishikari = JmaSamples.Parse("18_03_01_190412_VPOA50.xml", new JmaOptions { RegionCode = "016010" });
        Assert.Equal("記録的短時間大雨情報", Assert.Single(ishikari.Reading.Items).KindName);
    }

    [Fact]
    public void Parse_TornadoTokyo_MinatoNamedUntilValidDateTime()
    {
        var m = JmaSamples.Parse("19_01_01_091210_VPHW50.xml");

        Assert.Equal(JmaProducts.Tornado, m.Product);
        Assert.True(m.ConcernsMinato);
        var item = Assert.Single(m.Reading.Items);
        Assert.Equal(("竜巻注意情報", "1310300", JmaItem.Issued), (item.KindName, item.AreaCode, item.Status));
        Assert.Equal(new DateTimeOffset(2009, 8, 10, 8, 40, 0, TimeSpan.FromHours(9)), m.ValidUntil);
    }

    [Fact]
    public void Parse_ShindoSokuho_Tokyo23Wards4_MinatoNotListed()
    {
        var m = JmaSamples.Parse("32-35_01_01_100806_VXSE51.xml");

        Assert.Equal(JmaProducts.Quake, m.Product);
        Assert.True(m.ConcernsMinato);
        Assert.Equal(("6-", "4", (string?)null), (m.Reading.Earthquake!.MaxIntensity, m.Reading.Earthquake.AreaIntensity,
            m.Reading.Earthquake.MinatoIntensity));
    }

    [Fact]
    public void Parse_HypocentreAndIntensity2008_Minato2Tokyo23Wards3()
    {
        var m = JmaSamples.Parse("32-35_06_03_240613_VXSE53.xml");

        var q = m.Reading.Earthquake!;
        Assert.Equal("2", q.MinatoIntensity);      // 東京港区 (1310300), 東京港区芝公園＊
        Assert.Equal("3", q.AreaIntensity);        // 東京都２３区
        Assert.Equal("6+", q.MaxIntensity);
        Assert.Equal("岩手県内陸南部", q.Hypocenter);
        Assert.Equal("Ｍ７．０", q.Magnitude);
        Assert.Equal(new DateTimeOffset(2008, 6, 14, 8, 43, 0, TimeSpan.FromHours(9)), q.OriginTime);
    }

    [Fact]
    public void Parse_IntensityByName_NeverNagoyaOrOsakaMinatoKu()
    {
        // A message that lists only 名古屋港区 and 大阪港区 says nothing about Minato.
        var xml = Encoding.UTF8.GetString(JmaSamples.Bytes("32-35_06_03_240613_VXSE53.xml"))
            .Replace("<Name>東京港区</Name><Code>1310300</Code><MaxInt>2</MaxInt>",
                "<Name>名古屋港区</Name><Code>2311100</Code><MaxInt>2</MaxInt>", StringComparison.Ordinal);

        var m = new JmaParser(new JmaOptions()).Parse(Encoding.UTF8.GetBytes(xml)).Message!;

        Assert.Null(m.Reading.Earthquake!.MinatoIntensity);
    }

    [Theory]
    [InlineData("32-39_11_02_250206_VTSE41.xml")]
    [InlineData("32-39_11_03_250206_VTSE51.xml")]
    public void Parse_Tsunami2011Samples_TokyoBayInnerHasSlightSeaLevelChange(string file)
    {
        var m = JmaSamples.Parse(file);

        Assert.Equal(JmaProducts.Tsunami, m.Product);
        Assert.True(m.ConcernsMinato);
        var t = m.Reading.Tsunami!;
        Assert.Equal(("東京湾内湾", "312", "71", "津波予報（若干の海面変動）", false), (t.AreaName, t.AreaCode, t.KindCode, t.KindName, t.Warning));
        Assert.Empty(m.Reading.Items); // a forecast, not a warning: nothing "in force"
    }

    [Fact]
    public void Parse_TsunamiWarningForTokyoBay_InForceAsWarning()
    {
        var xml = Encoding.UTF8.GetString(JmaSamples.Bytes("32-39_11_02_250206_VTSE41.xml"));
        var at = xml.IndexOf("<Name>東京湾内湾</Name>", StringComparison.Ordinal);
        var kind = xml.IndexOf("<Kind><Name>津波予報（若干の海面変動）</Name><Code>71</Code></Kind>", at, StringComparison.Ordinal);
        xml = xml[..kind] + "<Kind><Name>津波注意報</Name><Code>62</Code></Kind>" + xml[(kind + 55)..];

        var m = new JmaParser(new JmaOptions()).Parse(Encoding.UTF8.GetBytes(xml)).Message!;

        Assert.True(m.Reading.Tsunami!.Warning);
        Assert.Equal(("津波注意報", JmaItem.Issued), (Assert.Single(m.Reading.Items).KindName, m.Reading.Items[0].Status));
    }

    [Fact]
    public void Parse_EverySample_ReadWithoutRejection()
    {
        var files = JmaSamples.All();
        Assert.Equal(16, files.Count);
        Assert.All(files, f => Assert.NotNull(new JmaParser(new JmaOptions()).Parse(JmaSamples.Bytes(f)).Message));
    }

    [Theory]
    [InlineData("訓練")]
    [InlineData("試験")]
    public void Parse_DrillOrTest_StatusKept(string status)
    {
        var xml = Encoding.UTF8.GetString(JmaSamples.Bytes("15_12_02_161130_VPWW54.xml"))
            .Replace("<Status>通常</Status>", $"<Status>{status}</Status>", StringComparison.Ordinal);

        var m = new JmaParser(new JmaOptions()).Parse(Encoding.UTF8.GetBytes(xml)).Message!;

        Assert.Equal(status, m.ControlStatus);
        Assert.NotEmpty(m.Reading.Items);
    }

    [Fact]
    public void Parse_Malformed_RejectedWithReason()
    {
        var r = new JmaParser(new JmaOptions()).Parse("<Report><Control>"u8);
        Assert.Null(r.Message);
        Assert.StartsWith("malformed XML", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownType_RejectedNamingIt()
    {
        var xml = "<Report xmlns=\"http://xml.kishou.go.jp/jmaxml1/\">" +
            "<Control><Title>府県天気予報</Title><Status>通常</Status></Control>" +
            "<Head xmlns=\"http://xml.kishou.go.jp/jmaxml1/informationBasis1/\">" +
            "<ReportDateTime>2024-01-01T00:00:00+09:00</ReportDateTime>" +
            "</Head></Report>";
        var r = new JmaParser(new JmaOptions()).Parse(Encoding.UTF8.GetBytes(xml));
        Assert.Equal("unknown message type '府県天気予報' (not a product this system reads)", r.Reason);
    }

    [Fact]
    public void Parse_Oversized_RejectedBeforeReading()
    {
        var r = new JmaParser(new JmaOptions { MaxMessageBytes = 2048 }).Parse(JmaSamples.Bytes("15_12_02_161130_VPWW54.xml"));
        Assert.StartsWith("oversized: 434351 bytes", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Dtd_Refused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Report>&x;</Report>";
        var r = new JmaParser(new JmaOptions()).Parse(Encoding.UTF8.GetBytes(xml));
        Assert.Null(r.Message);
        Assert.StartsWith("malformed XML", r.Reason, StringComparison.Ordinal);
    }
}
