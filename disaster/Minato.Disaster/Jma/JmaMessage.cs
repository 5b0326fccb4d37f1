namespace Minato.Disaster.Jma;

/// <summary>
/// A parsed JMA message: its Control and Head, the product key (the latest message per key is what is in force), and
/// what it says for Minato. Immutable.
/// </summary>
/// <param name="Title">Control/Title (the message type, e.g. 気象警報・注意報（Ｈ２７）).</param>
/// <param name="HeadTitle">Head/Title (e.g. 東京都気象警報・注意報).</param>
/// <param name="Product">The product, e.g. 気象警報・注意報, 土砂災害警戒情報, 指定河川洪水予報:古川, 地震情報, 津波警報・注意報・予報.</param>
/// <param name="ControlStatus">通常, 訓練 or 試験.</param>
/// <param name="InfoType">発表, 訂正, 遅延 or 取消.</param>
/// <param name="ValidUntil">End of validity where the product has one (竜巻注意情報, 記録的短時間大雨情報).</param>
/// <param name="ConcernsMinato">The message names Minato's city, region, intensity area, tsunami area or a river of concern.</param>
public sealed record JmaMessage(
    string Title, string HeadTitle, string Product, string ControlStatus, string InfoType, DateTimeOffset ReportTime,
    DateTimeOffset? ValidUntil, string? EventId, string Headline, bool ConcernsMinato, JmaReading Reading)
{
    public const string Normal = "通常";
    public const string Drill = "訓練";
    public const string Test = "試験";
}
