using System.Text;
using Minato.Gis.Import;

namespace Minato.Gis.Tests.Import;

public sealed class CsvTableTests
{
    [Fact]
    public void Parse_QuotedFieldWithCommaQuoteAndNewline_StaysOneField()
    {
        var table = CsvTable.Parse("a,b,c\r\n1,\"x, \"\"y\"\"\r\nz\",3\r\n4,5,6\r\n", "UTF-8");

        Assert.Equal(["a", "b", "c"], table.Header);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("x, \"y\"\r\nz", table.Rows[0].Text("b"));
        Assert.Equal("6", table.Rows[1].Text("c"));
    }

    [Fact]
    public void Parse_RowNumbers_CountHeaderAsRowOneAndSkipBlankLines()
    {
        var table = CsvTable.Parse("h\n\nfirst\n\nsecond", "UTF-8");

        Assert.Equal([2, 3], table.Rows.Select(r => r.Number));
        Assert.Equal("second", table.Rows[1].Text("h"));
        Assert.Null(table.Rows[1].Text("missing"));
    }

    [Fact]
    public void Parse_UnclosedQuote_ThrowsWithLine()
    {
        var e = Assert.Throws<FormatException>(() => CsvTable.Parse("a,b\n1,\"open\n2,3\n", "UTF-8"));

        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ShiftJisBytes_DetectedAndDecoded()
    {
        var bytes = TextDecoding.ShiftJis.GetBytes("施設・場所名,緯度\n南山小学校,35.65\n");

        var text = TextDecoding.Decode(bytes, out var encoding);

        Assert.Equal("Shift_JIS", encoding);
        Assert.StartsWith("施設・場所名", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Utf8WithAndWithoutBom_Detected()
    {
        var plain = Encoding.UTF8.GetBytes("名称\n芝公園\n");
        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(plain).ToArray();

        Assert.Equal("名称\n芝公園\n", TextDecoding.Decode(plain, out var e1));
        Assert.Equal("UTF-8", e1);
        Assert.Equal("名称\n芝公園\n", TextDecoding.Decode(bom, out var e2));
        Assert.Equal("UTF-8 (BOM)", e2);
    }
}
