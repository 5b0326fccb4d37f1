using System.Text.RegularExpressions;
using Minato.Disaster.Jma;

namespace Minato.Disaster.Decisions;

/// <summary>
/// JMA's side of the decision board: every product JMA has in force for Minato now (<see cref="JmaStore.InForceAsync"/>,
/// drills never), the 東京湾内湾 tsunami warning and an earthquake of 震度5弱 or more in Minato (or 東京都２３区 when the message
/// names no Minato intensity), each as a <see cref="DecisionInput"/> whose trigger is the name the rule table uses.
/// </summary>
/// <remarks>
/// Names: the 2026 format's level prefix is dropped (レベル３大雨警報 → 大雨警報); a 土砂災害警戒情報 is its product name
/// (its kind is only 警戒); a 大雨警報 is matched as 大雨警報（土砂災害）, the guideline's trigger for 高齢者等避難 in landslide
/// areas (the message's sub-kind 土砂災害/浸水害 is not read — the board only recommends, HQ decides).
/// </remarks>
public sealed partial class JmaDecisionInputs(JmaStore jma, TimeProvider time) : IDecisionInputSource
{
    /// <summary>The rule trigger of an earthquake of 震度5弱 or more.</summary>
    public const string StrongQuake = "震度5弱以上";

    public async Task<IReadOnlyList<DecisionInput>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var inputs = new List<DecisionInput>();
        foreach (var w in await jma.InForceAsync(now, cancellationToken))
        {
            if (!w.Drill)
            {
                inputs.Add(Input(Trigger(w), w.River, w.Headline, w.KindName, w.IssuedAt, w.MessageId));
            }
        }

        var tsunami = await jma.TsunamiAsync(now, cancellationToken);
        if (tsunami is { InForce: true, Drill: false, KindName: { } kind, MessageId: { } id })
        {
            inputs.Add(Input(kind, null, $"{kind}（{tsunami.Area}）", kind, tsunami.ReportTime ?? now, id));
        }

        var quake = await jma.LatestEarthquakeAsync(cancellationToken);
        var intensity = quake?.MinatoIntensity ?? quake?.AreaIntensity;
        if (quake is { Drill: false } && IntensityRank(intensity) >= IntensityRank("5-"))
        {
            inputs.Add(Input(StrongQuake, null, $"震度{intensity}（{quake.Area}）", $"seismic intensity {intensity}", quake.ReportTime,
                quake.MessageId));
        }

        return inputs;
    }

    /// <summary>The rule-table name of a JMA product in force.</summary>
    public static string Trigger(JmaWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        if (warning.Product == JmaProducts.Landslide)
        {
            return JmaProducts.Landslide;
        }

        var name = LevelPrefix().Replace(warning.KindName, "");
        return name == "大雨警報" ? "大雨警報（土砂災害）" : name;
    }

    private static DecisionInput Input(string trigger, string? river, string ja, string en, DateTimeOffset since, long message) =>
        new(DecisionInput.JmaSource, trigger, river, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = $"{ja} 発表（気象庁）", ["en"] = $"{en} issued (JMA)",
        }, since, message.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static int IntensityRank(string? intensity) => CallUp.SeismicIntensity.Rank(intensity);

    [GeneratedRegex("^レベル[０-９0-9]")]
    private static partial Regex LevelPrefix();
}
