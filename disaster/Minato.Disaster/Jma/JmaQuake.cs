namespace Minato.Disaster.Jma;

/// <summary>
/// An earthquake as 震度速報 / 震源・震度に関する情報 state it for Minato: the greatest intensity anywhere, in 東京都２３区
/// and in Minato itself (市町村 1310300 「東京港区」; a 震度速報 names areas only, so Minato's is null there). Intensities
/// as JMA writes them: <c>1</c> … <c>4</c>, <c>5-</c>, <c>5+</c>, <c>6-</c>, <c>6+</c>, <c>7</c>. Immutable.
/// </summary>
public sealed record JmaQuake(
    DateTimeOffset? OriginTime, string? Hypocenter, string? Magnitude, string? MaxIntensity, string? AreaIntensity,
    string? MinatoIntensity);
