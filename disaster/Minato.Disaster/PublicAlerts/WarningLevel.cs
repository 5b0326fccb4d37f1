namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// One 警戒レベル (alert level, 1–5) of the Cabinet Office's evacuation guidelines, the evacuation information that goes
/// with it (level 3 高齢者等避難, 4 避難指示, 5 緊急安全確保; none for 1–2) and its CAP 1.2 mapping.
/// </summary>
/// <param name="Level">1–5.</param>
/// <param name="Evacuation">The evacuation information key required at this level, or null (levels 1–2).</param>
/// <param name="Urgency">CAP urgency.</param>
/// <param name="Severity">CAP severity.</param>
/// <param name="Certainty">CAP certainty.</param>
/// <param name="ResponseType">CAP responseType.</param>
/// <param name="Event">The CAP event text per language.</param>
public sealed record WarningLevel(
    int Level, string? Evacuation, string Urgency, string Severity, string Certainty, string ResponseType,
    IReadOnlyDictionary<string, string> Event)
{
    public const string ElderlyEvacuate = "elderly-evacuate";
    public const string Evacuate = "evacuate";
    public const string EmergencySafety = "emergency-safety";

    /// <summary>The five levels, index = level - 1.</summary>
    public static IReadOnlyList<WarningLevel> All { get; } =
    [
        new(1, null, "Future", "Minor", "Possible", "Monitor", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "警戒レベル1（早期注意情報）", ["en"] = "Alert Level 1 (Early Warning)", ["zh"] = "警戒级别1（早期注意信息）",
            ["ko"] = "경계레벨1 (조기주의정보)", ["ja-easy"] = "けいかいレベル1（きをつけて ください）",
        }),
        new(2, null, "Expected", "Moderate", "Likely", "Monitor", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "警戒レベル2（注意報）", ["en"] = "Alert Level 2 (Advisory)", ["zh"] = "警戒级别2（注意报）",
            ["ko"] = "경계레벨2 (주의보)", ["ja-easy"] = "けいかいレベル2（にげる ところと みちを たしかめて ください）",
        }),
        new(3, ElderlyEvacuate, "Expected", "Severe", "Likely", "Prepare", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "警戒レベル3 高齢者等避難", ["en"] = "Alert Level 3: Evacuation of the Elderly and Others",
            ["zh"] = "警戒级别3 老年人等避难", ["ko"] = "경계레벨3 고령자 등 피난",
            ["ja-easy"] = "けいかいレベル3 おとしより などは にげて ください",
        }),
        new(4, Evacuate, "Immediate", "Severe", "Likely", "Evacuate", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "警戒レベル4 避難指示", ["en"] = "Alert Level 4: Evacuation Order", ["zh"] = "警戒级别4 避难指示",
            ["ko"] = "경계레벨4 피난지시", ["ja-easy"] = "けいかいレベル4 みんな にげて ください",
        }),
        new(5, EmergencySafety, "Immediate", "Extreme", "Observed", "Shelter", new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "警戒レベル5 緊急安全確保", ["en"] = "Alert Level 5: Emergency Safety Measures", ["zh"] = "警戒级别5 紧急确保安全",
            ["ko"] = "경계레벨5 긴급안전확보", ["ja-easy"] = "けいかいレベル5 いのちを まもる ために すぐに うごいて ください",
        }),
    ];

    /// <summary>The level, or null outside 1–5.</summary>
    public static WarningLevel? Of(int level) => level is >= 1 and <= 5 ? All[level - 1] : null;

    /// <summary>The evacuation keys that exist.</summary>
    public static IReadOnlyList<string> EvacuationKeys { get; } = [ElderlyEvacuate, Evacuate, EmergencySafety];
}
