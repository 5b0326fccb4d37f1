using Minato.Disaster.Recovery.Certificates;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>Certificate numbers and Japanese era years.</summary>
public sealed class CertificateNumberTests
{
    [Theory]
    [InlineData(2026, 11, 24, "R8", "令和8年")]
    [InlineData(2019, 5, 1, "R1", "令和元年")]
    [InlineData(2019, 4, 30, "H31", "平成31年")]
    [InlineData(2020, 1, 1, "R2", "令和2年")]
    [InlineData(1989, 1, 8, "H1", "平成元年")]
    public void Of_Date_GivesEraYear(int year, int month, int day, string code, string text)
    {
        var era = JapaneseEra.Of(new DateOnly(year, month, day));

        Assert.Equal(code, era.Code);
        Assert.Equal(text, era.Text);
    }

    [Fact]
    public void TokyoDate_NewYearsEveAfter15Utc_IsNextYearInTokyo()
    {
        var instant = new DateTimeOffset(2026, 12, 31, 15, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2027, 1, 1), JapaneseEra.TokyoDate(instant));
        Assert.Equal(new DateOnly(2026, 12, 31), JapaneseEra.TokyoDate(instant.AddTicks(-1)));
        Assert.Equal("R9", JapaneseEra.Of(JapaneseEra.TokyoDate(instant)).Code);
    }

    [Fact]
    public void Format_DateAndNumber_AreJapaneseStyle()
    {
        Assert.Equal("令和8年11月24日", JapaneseEra.Format(new DateOnly(2026, 11, 24)));
        Assert.Equal("港区-R8-000123", CertificateNumber.Format(JapaneseEra.Of(new DateOnly(2026, 11, 24)), 123));
        Assert.Equal("港区-R8-1234567", CertificateNumber.Format("R8", 1234567));
    }

    [Theory]
    [InlineData("港区-R8-000123", "R8", 123)]
    [InlineData("R8-000123", "R8", 123)]
    [InlineData(" 港区-H31-000001 ", "H31", 1)]
    public void TryParse_NumberWithOrWithoutWard_GivesEraYearAndSequence(string text, string era, int sequence)
    {
        Assert.True(CertificateNumber.TryParse(text, out var e, out var s));
        Assert.Equal(era, e);
        Assert.Equal(sequence, s);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("港区-R8-123")]
    [InlineData("港区-R8-000000")]
    [InlineData("新宿区-R8-000123")]
    [InlineData("R0-000123")]
    [InlineData("X8-000123")]
    [InlineData("R8-000123; DROP TABLE ops.certificates")]
    public void TryParse_NotANumber_IsFalse(string? text)
    {
        Assert.False(CertificateNumber.TryParse(text, out _, out _));
    }
}
