using Minato.Sensors.Derivation;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Tests.Derivation;

public sealed class DeriverTests
{
    private static readonly DateTimeOffset T0 = new(2023, 9, 8, 0, 0, 0, TimeSpan.Zero);

    private static List<Observation> Series(params double[] values) =>
        [.. values.Select((v, i) => new Observation(T0.AddMinutes(10 * (i + 1)), v))];

    [Fact]
    public void Compute_Rain_SumsWindowsAndEventTotal()
    {
        // 6 h dry, then 1 h of 5 mm per 10 min.
        var obs = Series([.. Enumerable.Repeat(0.0, 36), .. Enumerable.Repeat(5.0, 6)]);
        var d = Deriver.Compute(StationKind.Rain, obs, obs[^1].At);
        Assert.Equal(5, d[Measures.Rain10Min]);
        Assert.Equal(30, d[Measures.Rain1h]);
        Assert.Equal(30, d[Measures.Rain24h]);
        Assert.Equal(30, d[Measures.RainEvent]);
    }

    [Fact]
    public void Compute_RainAfterSixDryHours_StartsNewEvent()
    {
        var obs = Series([10, 10, .. Enumerable.Repeat(0.0, 36), 2]);
        var d = Deriver.Compute(StationKind.Rain, obs, obs[^1].At);
        Assert.Equal(2, d[Measures.RainEvent]);
        Assert.Equal(22, d[Measures.Rain24h]);
    }

    [Fact]
    public void Compute_River_StageAndRatePerTenMinutes()
    {
        var obs = Series(1.0, 1.2, 1.5);
        var d = Deriver.Compute(StationKind.River, obs, obs[^1].At);
        Assert.Equal(1.5, d[Measures.Stage]);
        Assert.Equal(0.3, d[Measures.Rise10Min], 6);
    }

    [Fact]
    public void Compute_Radiation_TenMinuteMean()
    {
        var obs = new List<Observation> { new(T0.AddMinutes(1), 0.10), new(T0.AddMinutes(5), 0.04), new(T0.AddMinutes(9), 0.06),
            new(T0.AddMinutes(12), 0.08) };
        var d = Deriver.Compute(StationKind.Radiation, obs, T0.AddMinutes(12));
        Assert.Equal(0.06, d[Measures.Dose10Min], 6); // 0.04, 0.06, 0.08 in (t−10 min, t]
    }
}
