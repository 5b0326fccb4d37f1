namespace Minato.Disaster.Jma;

/// <summary>
/// A JMA product in force for Minato (気象庁発表 — JMA's, never the ward's own 警報): the product and kind, the 警戒レベル
/// where it has one, the area, the river where relevant, whether the latest message issued or continued it, when JMA first
/// issued it (in the unbroken run of messages that carry it) and the latest report time, the stored message, and the drill
/// mark (訓練, shown only when <see cref="JmaOptions.ShowDrills"/>). Immutable.
/// </summary>
public sealed record JmaWarning(
    string Product, string Title, string KindCode, string KindName, int? Level, string AreaCode, string AreaName, string? River,
    string Status, DateTimeOffset IssuedAt, DateTimeOffset ReportTime, DateTimeOffset? ValidUntil, long MessageId, bool Drill,
    string Headline)
{
    /// <summary>Who issued it, always JMA.</summary>
    public string IssuedBy => "気象庁 / Japan Meteorological Agency";
}
