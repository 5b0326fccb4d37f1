namespace Minato.Disaster.Decisions;

/// <summary>
/// The built-in decision table (version 0), after 内閣府「避難情報に関するガイドライン」(令和3年5月, 令和4年9月改定):
/// 警戒レベル相当情報 → the evacuation information a municipality considers. HQ may replace it (versioned, audited).
/// </summary>
public static class DecisionRules
{
    /// <summary>Hazard kinds a rule may name: the kinds of <c>gis.hazard_areas</c> without liquefaction, plus <c>ward</c>.</summary>
    public static IReadOnlyList<string> Hazards { get; } = ["flood", "inland_flood", "storm_surge", "tsunami", "landslide", "ward"];

    private const string Guideline = "避難情報に関するガイドライン";

    public static IReadOnlyList<DecisionRule> Default { get; } =
    [
        // Gauges (水位周知河川 / the ward's own gauges): stages of sensors/Minato.Sensors/Alerts, river matched to the gauge's.
        new("gauge", "氾濫注意水位", null, "flood", 1, 2, null, Guideline + ": 氾濫注意水位 → 警戒レベル2相当"),
        new("gauge", "避難判断水位", null, "flood", 1, 3, null, Guideline + ": 避難判断水位 → 高齢者等避難"),
        new("gauge", "氾濫危険水位", null, "flood", 1, 4, null, Guideline + ": 氾濫危険水位 → 避難指示"),
        new("gauge", "氾濫発生", null, "flood", 1, 5, null, Guideline + ": 氾濫発生 → 緊急安全確保"),
        new("gauge", "非常に激しい雨", null, "inland_flood", 1, 3, null, "区の運用: 50 mm/h（下水道の計画降雨）超 → 内水の高齢者等避難"),
        new("gauge", "猛烈な雨", null, "inland_flood", 2, 4, null, "区の運用: 80 mm/h → 内水浸水深の大きい区域に避難指示"),
        // JMA products in force for Minato (the names of JmaStore's kinds).
        new("jma", "大雨警報（土砂災害）", null, "landslide", 1, 3, null, Guideline + ": 大雨警報（土砂災害） → 高齢者等避難"),
        new("jma", "土砂災害警戒情報", null, "landslide", 1, 4, null, Guideline + ": 土砂災害警戒情報 → 避難指示"),
        new("jma", "大雨特別警報", null, "landslide", 1, 5, null, Guideline + ": 大雨特別警報 → 緊急安全確保"),
        new("jma", "洪水警報", null, "flood", 1, 3, null, Guideline + ": 洪水警報 → 高齢者等避難"),
        new("jma", "氾濫警戒情報", null, "flood", 1, 3, null, Guideline + ": 指定河川洪水予報 氾濫警戒情報 → 高齢者等避難"),
        new("jma", "氾濫危険情報", null, "flood", 1, 4, null, Guideline + ": 指定河川洪水予報 氾濫危険情報 → 避難指示"),
        new("jma", "氾濫発生情報", null, "flood", 1, 5, null, Guideline + ": 指定河川洪水予報 氾濫発生情報 → 緊急安全確保"),
        new("jma", "高潮注意報", null, "storm_surge", 1, 3, null, Guideline + ": 高潮注意報（警報に切り替える可能性） → 高齢者等避難"),
        new("jma", "高潮警報", null, "storm_surge", 1, 4, null, Guideline + ": 高潮警報 → 避難指示"),
        new("jma", "高潮特別警報", null, "storm_surge", 1, 4, null, Guideline + ": 高潮特別警報 → 避難指示"),
        new("jma", "津波警報", null, "tsunami", 1, 4, null, Guideline + ": 津波警報（東京湾内湾） → 避難指示（津波にレベルはなく直ちに避難）"),
        new("jma", "大津波警報", null, "tsunami", 1, 4, null, Guideline + ": 大津波警報 → 避難指示"),
        new("jma", "震度5弱以上", null, "ward", 0, null, "第2非常配備", "区の運用: 震度5弱以上 → 職員配備（避難情報ではない）"),
    ];

    /// <summary>Problems of a rule table, per field (<c>rules[3].level</c>); empty when it may be put in force.</summary>
    public static Dictionary<string, string[]> Validate(IReadOnlyList<DecisionRule>? rules)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (rules is null || rules.Count is 0 or > 500)
        {
            errors["rules"] = ["give 1–500 rules"];
            return errors;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var at = $"rules[{i}]";
            if (r is null)
            {
                errors[at] = ["a rule is an object"];
                continue;
            }

            if (r.Source is not (DecisionInput.GaugeSource or DecisionInput.JmaSource))
            {
                errors[at + ".source"] = ["source is gauge or jma"];
            }

            if (string.IsNullOrWhiteSpace(r.Trigger) || r.Trigger.Length > 80)
            {
                errors[at + ".trigger"] = ["trigger is a stage or JMA product name of 1–80 characters"];
            }

            if (!Hazards.Contains(r.Hazard, StringComparer.Ordinal))
            {
                errors[at + ".hazard"] = [$"hazard is one of {string.Join(", ", Hazards)}"];
            }

            if (r.MinRank is < 0 or > 10)
            {
                errors[at + ".minRank"] = ["minRank is 0–10"];
            }

            if (r.Level is not null and not (>= 1 and <= 5) || (r.Level is null && string.IsNullOrWhiteSpace(r.Staff)))
            {
                errors[at + ".level"] = ["level is 1–5, or null with staff (a deployment such as 第2非常配備)"];
            }

            if (r.River is { Length: > 40 } || r.Staff is { Length: > 40 } || r.Basis is null or { Length: > 300 })
            {
                errors[at] = ["river and staff are at most 40 characters; basis (required) at most 300"];
            }
        }

        return errors;
    }
}
