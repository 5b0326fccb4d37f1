using Minato.Disaster.PublicAlerts;

namespace Minato.Disaster.Decisions;

/// <summary>
/// Draft resident alerts from the board (「発令案を作成 / Draft alert」): level, evacuation kind, the 町丁目 and texts in
/// ja / en / zh / ko / やさしい日本語 from templates per hazard. A draft is a <see cref="PublicAlertRequest"/> that HQ edits
/// in the resident-alert form and issues; nothing here issues anything.
/// </summary>
public static class DecisionDrafts
{
    private static readonly Dictionary<string, Dictionary<string, string>> HazardTexts = new(StringComparer.Ordinal)
    {
        ["flood"] = T("河川の氾濫のおそれがあります。", "The river may overflow its banks.", "河流可能泛滥。", "하천이 범람할 우려가 있습니다.",
            "かわの みずが あふれる かもしれません。"),
        ["inland_flood"] = T("大雨による浸水のおそれがあります。", "Heavy rain may flood streets and buildings.", "大雨可能造成浸水。",
            "폭우로 침수될 우려가 있습니다.", "おおあめで みずが たまる かもしれません。"),
        ["storm_surge"] = T("高潮による浸水のおそれがあります。", "A storm surge may flood the area.", "风暴潮可能造成浸水。",
            "해일로 침수될 우려가 있습니다.", "うみの みずが あふれる かもしれません。"),
        ["tsunami"] = T("津波が来るおそれがあります。", "A tsunami may reach the coast.", "可能有海啸袭来。", "쓰나미가 올 우려가 있습니다.",
            "つなみが くる かもしれません。"),
        ["landslide"] = T("土砂災害の危険が高まっています。", "The risk of landslides is high.", "泥石流、山体滑坡的危险性升高。",
            "토사 재해 위험이 높아지고 있습니다.", "がけが くずれる かもしれません。"),
        ["ward"] = T("災害のおそれがあります。", "A disaster may occur.", "可能发生灾害。", "재해가 발생할 우려가 있습니다.",
            "さいがいが おきる かもしれません。"),
    };

    private static readonly Dictionary<int, Dictionary<string, string>> Instructions = new()
    {
        [3] = T("高齢者や障害のある方など避難に時間のかかる方は避難してください。", "Older people and others who need time should evacuate now.",
            "老年人、残障人士等需要时间避难的人请立即避难。", "고령자 등 피난에 시간이 걸리는 분은 피난하십시오.",
            "おとしよりや からだの ふじゆうな ひとは にげて ください。"),
        [4] = T("危険な場所から全員避難してください。", "Everyone in the area must leave dangerous places now.", "请所有人从危险场所避难。",
            "위험한 장소에서 모두 피난하십시오.", "あぶない ところに いる ひとは みんな にげて ください。"),
        [5] = T("命の危険があります。直ちに身の安全を確保してください。", "Your life is in danger. Take action to stay safe now.",
            "有生命危险，请立即确保自身安全。", "생명이 위험합니다. 즉시 안전을 확보하십시오.", "いのちが あぶないです。すぐに みを まもって ください。"),
    };

    /// <summary>A draft for <paramref name="chome"/> (KEY_CODEs, names) at <paramref name="level"/> for the reasons given.</summary>
    public static PublicAlertRequest Draft(int level, string districtJa, string districtEn, IReadOnlyList<string> chome,
        IReadOnlyList<DecisionReason> reasons, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(chome);
        ArgumentNullException.ThrowIfNull(reasons);
        var warning = WarningLevel.Of(level) ?? throw new ArgumentOutOfRangeException(nameof(level), level, "1–5");
        var hazard = reasons.OrderByDescending(r => r.Level).Select(r => r.Hazard).FirstOrDefault() ?? "ward";
        var texts = HazardTexts.GetValueOrDefault(hazard) ?? HazardTexts["ward"];
        var ev = warning.Event;
        var headline = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = $"{ev["ja"]}（{districtJa}の一部）", ["en"] = $"{ev["en"]} (parts of {districtEn})",
            ["zh"] = $"{ev["zh"]}（{districtJa}的一部分）", ["ko"] = $"{ev["ko"]} ({districtEn} 일부)", ["ja-easy"] = ev["ja-easy"],
        };
        var why = string.Join("／", reasons.Select(r => r.Text["ja"]).Distinct(StringComparer.Ordinal));
        var whyEn = string.Join("; ", reasons.Select(r => r.Text.GetValueOrDefault("en") ?? r.Text["ja"]).Distinct(StringComparer.Ordinal));
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = $"{texts["ja"]}（{why}）", ["en"] = $"{texts["en"]} ({whyEn})", ["zh"] = texts["zh"], ["ko"] = texts["ko"],
            ["ja-easy"] = texts["ja-easy"],
        };
        var instruction = Instructions.GetValueOrDefault(level) is { } i ? new Dictionary<string, string>(i, StringComparer.Ordinal) : null;
        return new PublicAlertRequest(level, warning.Evacuation, "Actual",
            new AlertAreaRequest(null, null, [.. chome]), headline, description, instruction, expires);
    }

    private static Dictionary<string, string> T(string ja, string en, string zh, string ko, string easy) =>
        new(StringComparer.Ordinal) { ["ja"] = ja, ["en"] = en, ["zh"] = zh, ["ko"] = ko, ["ja-easy"] = easy };
}
