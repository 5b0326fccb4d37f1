using System.Text.RegularExpressions;

namespace Minato.Gis.Layers;

/// <summary>
/// Which of the five districts (地区総合支所) each 町丁目 of Minato belongs to. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Source: the 総合支所 jurisdictions published by Minato City (港区 「各総合支所の所管区域」; the 芝地区 list reads
/// 愛宕・海岸一〜二丁目・芝・芝公園・芝大門・新橋・西新橋・東新橋・虎ノ門・浜松町・三田一〜三丁目). Assumptions, documented in
/// README (町丁目 and districts): every 丁目 of 芝 (一〜五) is 芝地区; 三田四・五丁目 are 高輪地区; 海岸三丁目 is 芝浦港南地区;
/// 六本木 (all 丁目) is 麻布地区; the census water surface (水面, HCODE 8154: the canals and the bay off 海岸・港南・台場) is
/// 芝浦港南地区, which every one of its parts borders. Check: the unions' areas are within 5% of the areas the ward
/// publishes per 総合支所 (芝 4.45, 麻布 3.79, 赤坂 4.01, 高輪 3.48 km²; 芝浦港南 4.64 km² without the open bay).
/// </remarks>
public static partial class ChomeDistricts
{
    /// <summary>The census name of the water surface (S_NAME is a dash there).</summary>
    public const string WaterName = "水面";

    /// <summary>Town name (町名 without 丁目) → district id, where every 丁目 of the town is in one district.</summary>
    public static IReadOnlyDictionary<string, string> Towns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["芝"] = "shiba", ["芝公園"] = "shiba", ["芝大門"] = "shiba", ["浜松町"] = "shiba", ["東新橋"] = "shiba",
        ["新橋"] = "shiba", ["西新橋"] = "shiba", ["虎ノ門"] = "shiba", ["愛宕"] = "shiba",
        ["麻布台"] = "azabu", ["麻布狸穴町"] = "azabu", ["麻布永坂町"] = "azabu", ["麻布十番"] = "azabu", ["東麻布"] = "azabu",
        ["元麻布"] = "azabu", ["南麻布"] = "azabu", ["西麻布"] = "azabu", ["六本木"] = "azabu",
        ["赤坂"] = "akasaka", ["元赤坂"] = "akasaka", ["南青山"] = "akasaka", ["北青山"] = "akasaka",
        ["高輪"] = "takanawa", ["白金"] = "takanawa", ["白金台"] = "takanawa",
        ["芝浦"] = "shibaura-konan", ["港南"] = "shibaura-konan", ["台場"] = "shibaura-konan", [WaterName] = "shibaura-konan",
    };

    /// <summary>Towns split between districts by 丁目: town → (丁目 number → district).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<int, string>> SplitTowns { get; } =
        new Dictionary<string, IReadOnlyDictionary<int, string>>(StringComparer.Ordinal)
        {
            ["海岸"] = new Dictionary<int, string> { [1] = "shiba", [2] = "shiba", [3] = "shibaura-konan" },
            ["三田"] = new Dictionary<int, string> { [1] = "shiba", [2] = "shiba", [3] = "shiba", [4] = "takanawa", [5] = "takanawa" },
        };

    /// <summary>The district of a 町丁目 by its census name (芝一丁目, 麻布狸穴町, 水面), or <c>null</c> when the table has none.</summary>
    public static string? Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var m = ChomeName().Match(name.Trim());
        if (!m.Success)
        {
            return null;
        }

        var town = m.Groups["town"].Value;
        if (!m.Groups["n"].Success)
        {
            return Towns.GetValueOrDefault(town);
        }

        var n = KanjiNumber(m.Groups["n"].Value);
        return SplitTowns.TryGetValue(town, out var byNumber) ? byNumber.GetValueOrDefault(n) : Towns.GetValueOrDefault(town);
    }

    private static int KanjiNumber(string text) => text switch
    {
        "十" => 10,
        _ when text.StartsWith('十') => 10 + Digit(text[1]),
        _ when text.Length == 2 && text[1] == '十' => Digit(text[0]) * 10,
        _ => Digit(text[0]),
    };

    private static int Digit(char c) => "〇一二三四五六七八九".IndexOf(c, StringComparison.Ordinal);

    [GeneratedRegex("^(?<town>.+?)(?:(?<n>[一二三四五六七八九十]+)丁目)?$")]
    private static partial Regex ChomeName();
}
