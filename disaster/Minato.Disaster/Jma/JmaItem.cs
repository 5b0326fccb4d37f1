namespace Minato.Disaster.Jma;

/// <summary>
/// One kind (警報, 注意報, 情報 …) that a JMA message states for Minato's area: its kind code and name as JMA writes them,
/// the 警戒レベル where the kind has one, the area (Minato's city, 東京地方, a river or 東京湾内湾), and whether JMA
/// issued it in this message, continues it or cancelled it. Immutable.
/// </summary>
/// <param name="KindCode">JMA's code of the kind (e.g. <c>03</c> 大雨警報).</param>
/// <param name="KindName">JMA's name (e.g. 大雨警報, レベル３大雨警報, 氾濫危険情報).</param>
/// <param name="Level">警戒レベル相当 (1–5) where the kind has one, else null.</param>
/// <param name="AreaCode">The JMA area code the item was read from.</param>
/// <param name="AreaName">The JMA area name.</param>
/// <param name="River">The river (指定河川洪水予報), else null.</param>
/// <param name="Status"><c>issued</c>, <c>continued</c> or <c>cancelled</c>.</param>
public sealed record JmaItem(
    string KindCode, string KindName, int? Level, string AreaCode, string AreaName, string? River, string Status)
{
    public const string Issued = "issued";
    public const string Continued = "continued";
    public const string Cancelled = "cancelled";

    public bool InForce => Status != Cancelled;
}
