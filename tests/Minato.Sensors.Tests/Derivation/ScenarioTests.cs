using Minato.Sensors.Alerts;
using Minato.Sensors.Derivation;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using Minato.Sensors.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.Sensors.Tests.Derivation;

public sealed class ScenarioTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 8, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_Typhoon_RiverCrossesEveryStageThenRecedes()
    {
        var river = TestStations.River();
        var readings = Scenario.Generate("typhoon",
            [TestStations.Rain(), TestStations.Rain("R-TEST-02") with { District = "akasaka" }, river]);
        var machine = new AlertStateMachine(river.Id, AlertRules.For(river).Single());
        var transitions = readings.Where(r => r.StationId == river.Id)
            .Select(r => machine.Evaluate(r.Value, Start + r.Offset)).OfType<AlertTransition>().ToList();
        Assert.Equal([1, 2, 3, 4], transitions.Where(t => t.IsRaise).Select(t => t.ToStage));
        Assert.Equal(0, transitions[^1].ToStage);
        // The river lags the rain: the peak level comes after the peak rain.
        var rainPeak = readings.Where(r => r.StationId == "R-TEST-01").MaxBy(r => r.Value).Offset;
        var levelPeak = readings.Where(r => r.StationId == river.Id).MaxBy(r => r.Value).Offset;
        Assert.True(levelPeak > rainPeak);
    }

    [Fact]
    public void Generate_RadiationSpike_CrossesCautionAndReturnsToBackground()
    {
        var post = TestStations.Radiation();
        var values = Scenario.Generate("radiation-spike", [post]).Where(r => r.StationId == post.Id).Select(r => r.Value).ToList();
        Assert.True(values.Max() > 0.23);
        Assert.True(values[0] < 0.05 && values[^1] < 0.1);
    }

    [Fact]
    public void Read_JmaCsvTyphoon13_TokyoTotalsMatchTheRecord()
    {
        var csv = TestEnvironment.RequireSharedFile("hydro/jma_amedas_tokyo_hourly_2023H2.csv");
        var jst = TimeSpan.FromHours(9);
        var series = JmaHourlyReplay.Read(csv, "44132", new DateTimeOffset(2023, 9, 7, 17, 0, 0, jst),
            new DateTimeOffset(2023, 9, 8, 17, 0, 0, jst));
        // 24-hour total to 17:00 JST on 2023-09-08 is 106.5 mm in the CSV's precipitation24h; the 09:00 hour is missing,
        // so the hourly values sum to a little less.
        Assert.InRange(series.Sum(s => s.Mm), 85, 107.5);
        var peakHour = series.GroupBy(s => s.At.AddMinutes(-1).ToOffset(jst).Hour).MaxBy(g => g.Sum(s => s.Mm))!;
        Assert.Equal(9, peakHour.Key); // the 10:00 JST hour (09:00–10:00) held 17.5 mm
        Assert.Equal(17.5, Math.Round(peakHour.Sum(s => s.Mm), 1));
    }
}
