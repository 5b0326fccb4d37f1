namespace Minato.Disaster.Jma;

/// <summary>The latest earthquake felt in 東京都２３区 or Minato, from the newest 震度速報 / 震源・震度に関する情報. Immutable.</summary>
public sealed record JmaEarthquake(
    long MessageId, string Title, DateTimeOffset ReportTime, DateTimeOffset? OriginTime, string? Hypocenter, string? Magnitude,
    string? MaxIntensity, string? AreaIntensity, string? MinatoIntensity, string Area, bool Drill)
{
    public string IssuedBy => "気象庁 / Japan Meteorological Agency";
}
