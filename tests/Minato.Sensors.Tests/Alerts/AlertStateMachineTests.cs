using Minato.Sensors.Alerts;
using Minato.Sensors.Derivation;
using Minato.Sensors.Tests.Infrastructure;

namespace Minato.Sensors.Tests.Alerts;

public sealed class AlertStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2023, 9, 8, 0, 0, 0, TimeSpan.Zero);
    private static readonly AlertRule River = AlertRules.For(TestStations.River()).Single(); // lines 1, 2, 3, 4 m; 0.1 m band; 30 min dwell

    private static List<AlertTransition> Run(AlertRule rule, params double[] values)
    {
        var machine = new AlertStateMachine("W-TEST-01", rule);
        var list = new List<AlertTransition>();
        for (var i = 0; i < values.Length; i++)
        {
            if (machine.Evaluate(values[i], T0.AddMinutes(10 * i)) is { } t)
            {
                list.Add(t);
            }
        }

        return list;
    }

    [Fact]
    public void Evaluate_RisingThroughEveryStage_RaisesEachStageOnceWithWarningLevels()
    {
        var t = Run(River, 0.5, 1.1, 1.2, 2.05, 2.1, 3.0, 3.2, 4.1, 4.3);
        Assert.Equal([1, 2, 3, 4], t.Select(x => x.ToStage));
        Assert.Equal(new int?[] { null, 2, 3, 4 }, t.Select(x => x.WarningLevel));
        Assert.Equal(["水防団待機水位", "氾濫注意水位", "避難判断水位", "氾濫危険水位"],
            t.Select(x => x.StageName));
    }

    [Fact]
    public void Evaluate_HoveringAtALine_DoesNotFlap()
    {
        // 2.0 m line, band 0.1 m: 1.95 stays inside the band, so only the first crossing counts.
        var t = Run(River, 1.5, 2.01, 1.95, 2.02, 1.96, 2.0, 1.93, 2.01, 1.97);
        Assert.Equal([1, 2], t.Select(x => x.ToStage)); // 1.5 is above the 1 m line; then 2.0 is crossed once
    }

    [Fact]
    public void Evaluate_BelowBandShorterThanDwell_StaysRaised()
    {
        // 1.85 is below 2.0 − 0.1, but only for 20 minutes before it rises again.
        var t = Run(River, 2.2, 1.85, 1.85, 1.85, 2.1);
        Assert.Single(t);
    }

    [Fact]
    public void Evaluate_RecedingBelowBandForDwell_LowersOnce()
    {
        var t = Run(River, 3.2, 2.5, 2.5, 2.5, 2.5, 2.5);
        Assert.Equal(2, t.Count);
        Assert.Equal((3, 2), (t[1].FromStage, t[1].ToStage));
        Assert.Equal(T0.AddMinutes(40), t[1].At); // below since 10 min, + 30 min dwell
    }

    [Fact]
    public void Evaluate_JumpOverSeveralLines_OneTransitionToHighest()
    {
        var t = Run(River, 0.2, 3.5);
        Assert.Single(t);
        Assert.Equal((0, 3), (t[0].FromStage, t[0].ToStage));
    }

    [Fact]
    public void RainRules_HourlyLines_MapToWarningLevels()
    {
        var rule = AlertRules.For(TestStations.Rain()).Single(r => r.Measure == Measures.Rain1h);
        var t = Run(rule, 10, 31, 55, 85);
        Assert.Equal(["激しい雨", "非常に激しい雨", "猛烈な雨"], t.Select(x => x.StageName));
        Assert.Equal(new int?[] { 2, 3, 4 }, t.Select(x => x.WarningLevel));
    }
}
