namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// The languages of resident alerts: <c>ja</c> and <c>en</c> are required, <c>zh</c> (简体中文), <c>ko</c> and
/// <c>ja-easy</c> (やさしい日本語) optional. Each maps to the CAP <c>&lt;language&gt;</c> tag of its <c>&lt;info&gt;</c>.
/// </summary>
public static class AlertLanguages
{
    public const string Japanese = "ja";
    public const string English = "en";
    public const string Chinese = "zh";
    public const string Korean = "ko";
    public const string EasyJapanese = "ja-easy";

    /// <summary>Every language, in the order CAP <c>&lt;info&gt;</c> blocks are written.</summary>
    public static IReadOnlyList<string> All { get; } = [Japanese, English, Chinese, Korean, EasyJapanese];

    public static IReadOnlyList<string> Required { get; } = [Japanese, English];

    /// <summary>RFC 3066 tag for CAP: ja-JP, en-US, zh-CN, ko-KR and ja-JP-x-easy (a private-use subtag for やさしい日本語).</summary>
    public static string CapTag(string language) => language switch
    {
        Japanese => "ja-JP",
        English => "en-US",
        Chinese => "zh-CN",
        Korean => "ko-KR",
        EasyJapanese => "ja-JP-x-easy",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "unknown alert language"),
    };

    public static bool IsKnown(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);

    /// <summary>The text in <paramref name="language"/>, else Japanese, else English (a subscriber's fallback order).</summary>
    public static string Pick(IReadOnlyDictionary<string, string> texts, string language)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.TryGetValue(language, out var t) ? t
            : texts.TryGetValue(Japanese, out var ja) ? ja
            : texts.TryGetValue(English, out var en) ? en : "";
    }

    /// <summary>The language actually used for <paramref name="language"/> given the texts at hand.</summary>
    public static string Resolve(IReadOnlyDictionary<string, string> texts, string language)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.ContainsKey(language) ? language : texts.ContainsKey(Japanese) ? Japanese : English;
    }
}
