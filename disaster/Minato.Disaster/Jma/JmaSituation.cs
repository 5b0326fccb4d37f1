namespace Minato.Disaster.Jma;

/// <summary>
/// The live entity of kind <c>jma</c>: what JMA has in force for Minato, the latest earthquake, 東京湾内湾, the recent
/// messages and the report time of the newest message held (null when none). Public information (no personal data). Immutable.
/// </summary>
public sealed record JmaSituation(
    IReadOnlyList<JmaWarning> Warnings, JmaEarthquake? Earthquake, JmaTsunamiState Tsunami, IReadOnlyList<JmaTimelineEntry> Timeline,
    DateTimeOffset? At)
{
    /// <summary>The label every view shows with it: JMA's, never the ward's own 警報.</summary>
    public string Label => "気象庁発表 / Issued by JMA";
}
