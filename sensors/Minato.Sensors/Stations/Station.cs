namespace Minato.Sensors.Stations;

/// <summary>A telemetry station. Location in EPSG:6668 (lon, lat). Immutable.</summary>
/// <param name="Id">Upper-case id used in topics, e.g. <c>R-SHIBA-01</c>.</param>
/// <param name="IntervalSeconds">Reporting interval; silent for three intervals = offline.</param>
/// <param name="Rain1hMm">Hourly rain lines (mm/h), ascending (default 30/50/80).</param>
/// <param name="Rain24hMm">24-hour total lines (mm), ascending.</param>
/// <param name="RiverStagesM">水防団待機水位, 氾濫注意水位, 避難判断水位, 氾濫危険水位 (m T.P.), ascending.</param>
/// <param name="DoseCautionUsvh">Air dose rate caution line (µSv/h; default 0.23).</param>
public sealed record Station(
    string Id,
    StationKind Kind,
    string NameJa,
    string NameEn,
    string? District,
    string? River,
    string? Reach,
    int IntervalSeconds,
    double Lon,
    double Lat,
    IReadOnlyList<double>? Rain1hMm = null,
    IReadOnlyList<double>? Rain24hMm = null,
    IReadOnlyList<double>? RiverStagesM = null,
    double? DoseCautionUsvh = null)
{
    public static IReadOnlyList<double> DefaultRain1hMm { get; } = [30, 50, 80];

    /// <summary>Default 24-hour lines (mm): a project default for Minato's demo, configurable per station.</summary>
    public static IReadOnlyList<double> DefaultRain24hMm { get; } = [100, 150, 200];

    public const double DefaultDoseCautionUsvh = 0.23;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);
}
