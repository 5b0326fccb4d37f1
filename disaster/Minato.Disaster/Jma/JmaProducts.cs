using System.Text.RegularExpressions;

namespace Minato.Disaster.Jma;

/// <summary>
/// The JMA products this system reads, known by their Control/Title, and the 警戒レベル相当 of their kinds (避難情報に関する
/// ガイドライン: 大雨・洪水注意報 2, 大雨・洪水警報 3, 高潮警報 and 土砂災害警戒情報 4, 特別警報 5; the 2026 format writes the
/// level in the kind's name). Thread-safe (constants).
/// </summary>
public static partial class JmaProducts
{
    public const string Warnings = "気象警報・注意報";
    public const string Landslide = "土砂災害警戒情報";
    public const string River = "指定河川洪水予報";
    public const string RecordRain = "記録的短時間大雨情報";
    public const string Tornado = "竜巻注意情報";
    public const string Quake = "地震情報";
    public const string Tsunami = "津波警報・注意報・予報";

    /// <summary>The titles of the messages read, as the Atom feeds name them (an entry's title is its Control/Title).</summary>
    public static bool IsKnownTitle(string? title) => FamilyOf(title) is not null;

    /// <summary>The product family of a message by its Control/Title, or null when this system does not read it.</summary>
    public static string? FamilyOf(string? title) => title switch
    {
        null => null,
        "気象特別警報・警報・注意報" => Warnings,                               // VPWW53
        _ when title.StartsWith("気象警報・注意報", StringComparison.Ordinal) => Warnings, // VPWW54 (Ｈ２７), VPWW55/56 (Ｒ０６)
        "土砂災害警戒情報" => Landslide,                                           // VXWW50
        "指定河川洪水予報" => River,                                               // VXKO*
        "記録的短時間大雨情報" => RecordRain,                                       // VPOA50
        _ when title.StartsWith("竜巻注意情報", StringComparison.Ordinal) => Tornado,   // VPHW50/51
        "震度速報" or "震源・震度に関する情報" => Quake,                             // VXSE51/53
        _ when title.StartsWith("津波警報・注意報・予報", StringComparison.Ordinal) => Tsunami, // VTSE41
        _ when title.StartsWith("津波情報", StringComparison.Ordinal) => Tsunami,       // VTSE51
        _ => null,
    };

    /// <summary>
    /// The product key of a warnings message: the current format (VPWW53/54) is one product; the 2026 format sends one
    /// message per hazard (（大雨）, （土砂） …), each a product of its own.
    /// </summary>
    public static string WarningProduct(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var hazard = R06Hazard().Match(title);
        return hazard.Success ? $"{Warnings}（{hazard.Groups[1].Value}）" : Warnings;
    }

    /// <summary>The 警戒レベル相当 of a kind, or null when it has none (雷注意報, 竜巻注意情報 …).</summary>
    public static int? LevelOf(string family, string code, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (LevelInText(name) is { } named)
        {
            return named;
        }

        return family switch
        {
            Landslide => code == "3" ? 4 : null,
            Warnings => code switch
            {
                "33" or "38" => 5,          // 大雨特別警報, 高潮特別警報
                "08" => 4,                  // 高潮警報
                "03" or "04" => 3,          // 大雨警報, 洪水警報
                "10" or "18" or "19" => 2,  // 大雨注意報, 洪水注意報, 高潮注意報
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>氾濫注意情報 2, 氾濫警戒情報 3, 氾濫危険情報 4, 氾濫発生情報 5.</summary>
    public static int? RiverLevel(string name) => name switch
    {
        _ when name.Contains("解除", StringComparison.Ordinal) => null,
        _ when name.Contains("氾濫発生", StringComparison.Ordinal) => 5,
        _ when name.Contains("氾濫危険", StringComparison.Ordinal) => 4,
        _ when name.Contains("氾濫警戒", StringComparison.Ordinal) => 3,
        _ when name.Contains("氾濫注意", StringComparison.Ordinal) => 2,
        _ => null,
    };

    /// <summary>「レベル３」/「警戒レベル４相当」 in a name or headline (full- or half-width digit), or null.</summary>
    public static int? LevelInText(string? text)
    {
        var m = text is null ? Match.Empty : LevelPattern().Match(text);
        return m.Success ? (m.Groups[1].Value[0] is var c && c >= '１' ? c - '０' : c - '0') : null;
    }

    /// <summary>大津波警報 (52, 53), 津波警報 (51), 津波注意報 (62): in force for the area.</summary>
    public static bool IsTsunamiWarning(string code) => code is "51" or "52" or "53" or "62";

    [GeneratedRegex("（Ｒ[０-９]+）（(.+)）$")]
    private static partial Regex R06Hazard();

    [GeneratedRegex("レベル([1-5１-５])")]
    private static partial Regex LevelPattern();
}
