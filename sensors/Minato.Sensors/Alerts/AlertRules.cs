using Minato.Sensors.Derivation;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Alerts;

/// <summary>
/// The alert rules of a station. 警戒レベル mapping (a project convention, documented in the README): river 氾濫注意水位 → 2,
/// 避難判断水位 → 3, 氾濫危険水位 → 4 (水防団待機水位 implies none); hourly rain 30/50/80 mm → 2/3/4 (50 mm/h is the
/// design capacity of Tokyo's sewers, so inland flooding starts there); 24-hour lines → 2/3/4; radiation → none.
/// </summary>
public static class AlertRules
{
    /// <summary>How long a lower value must last before the stage is lowered.</summary>
    public static TimeSpan DefaultDwell { get; } = TimeSpan.FromMinutes(30);

    public static IReadOnlyList<AlertRule> For(Station station, TimeSpan? dwell = null)
    {
        ArgumentNullException.ThrowIfNull(station);
        var d = dwell ?? DefaultDwell;
        switch (station.Kind)
        {
            case StationKind.River when station.RiverStagesM is { Count: 4 } lines:
                return
                [
                    new AlertRule(Measures.Stage, lines, ["平常", "水防団待機水位", "氾濫注意水位", "避難判断水位", "氾濫危険水位"],
                        [null, null, 2, 3, 4], [.. lines.Select(_ => 0.10)], d),
                ];
            case StationKind.Rain:
                var rules = new List<AlertRule>();
                if (station.Rain1hMm is { Count: > 0 } h)
                {
                    rules.Add(new AlertRule(Measures.Rain1h, h, Names(h.Count, ["平常", "激しい雨", "非常に激しい雨", "猛烈な雨"], "1時間雨量"),
                        Levels(h.Count), [.. h.Select(x => Math.Max(1, x * 0.1))], d));
                }

                if (station.Rain24hMm is { Count: > 0 } day)
                {
                    rules.Add(new AlertRule(Measures.Rain24h, day, Names(day.Count, ["平常", "24時間雨量 注意", "24時間雨量 警戒", "24時間雨量 危険"],
                        "24時間雨量"),
                        Levels(day.Count), [.. day.Select(x => Math.Max(1, x * 0.05))], d));
                }

                return rules;
            case StationKind.Radiation when station.DoseCautionUsvh is { } caution:
                return
                [
                    new AlertRule(Measures.Dose10Min, [caution], ["平常", $"空間線量率 {caution} µSv/h 以上"], [null, null],
                        [caution * 0.1], d),
                ];
            default:
                return [];
        }
    }

    /// <summary>The offline rule: stage 1 = silent for three reporting intervals.</summary>
    public static AlertRule Offline { get; } = new(Measures.Offline, [1], ["online", "offline"], [null, null], [0], TimeSpan.Zero);

    private static string[] Names(int count, string[] names, string prefix) =>
        count == names.Length - 1 ? names : [names[0], .. Enumerable.Range(1, count).Select(i => $"{prefix} {i}")];

    private static int?[] Levels(int count) => count switch
    {
        1 => [null, 3],
        2 => [null, 2, 3],
        _ => [null, 2, 3, 4],
    };
}
