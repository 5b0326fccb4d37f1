namespace Minato.Disaster.Decisions;

/// <summary>
/// One fact in force now that a decision rule may turn into a 警戒レベル: a gauge at a stage, or a JMA product in force
/// for Minato. Times in UTC.
/// </summary>
/// <param name="Source"><see cref="GaugeSource"/> or <see cref="JmaSource"/>.</param>
/// <param name="Trigger">What the rules match: a gauge stage name (氾濫危険水位) or a JMA product/kind name (土砂災害警戒情報).</param>
/// <param name="River">The river of a river gauge or a 指定河川洪水予報 (古川), else null.</param>
/// <param name="Reason">The reason as the board shows it, per language (ja, en), e.g. 「古川 四ノ橋 氾濫危険水位 到達」.</param>
/// <param name="Reference">The station id or JMA message id behind it.</param>
public sealed record DecisionInput(
    string Source, string Trigger, string? River, IReadOnlyDictionary<string, string> Reason, DateTimeOffset Since, string Reference)
{
    public const string GaugeSource = "gauge";
    public const string JmaSource = "jma";
}

/// <summary>
/// A source of decision inputs. Two exist: the gauges' alert stages (the host adapts <c>sensors.alert_states</c>) and
/// JMA products in force (written against the JMA store). Implementations are thread-safe.
/// </summary>
public interface IDecisionInputSource
{
    /// <summary>The facts in force now.</summary>
    Task<IReadOnlyList<DecisionInput>> CurrentAsync(CancellationToken cancellationToken = default);
}
