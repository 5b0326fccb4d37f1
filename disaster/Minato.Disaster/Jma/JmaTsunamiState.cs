namespace Minato.Disaster.Jma;

/// <summary>
/// 東京湾内湾 by the newest 津波警報・注意報・予報 / 津波情報: <see cref="InForce"/> when a 大津波警報, 津波警報 or 津波注意報
/// stands; a forecast (津波予報) or none otherwise. Null kind = the latest message says nothing for the area. Immutable.
/// </summary>
public sealed record JmaTsunamiState(
    string Area, bool InForce, string? KindCode, string? KindName, DateTimeOffset? FirstArrival, string? MaxHeight, long? MessageId,
    DateTimeOffset? ReportTime, bool Drill)
{
    public string IssuedBy => "気象庁 / Japan Meteorological Agency";
}
