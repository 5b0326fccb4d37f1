namespace Minato.Bench.Harness;

/// <summary>Nearest-rank percentiles of measured values.</summary>
public static class Percentiles
{
    /// <summary>The value at quantile <paramref name="q"/> (0–1) by nearest rank; NaN for no values.</summary>
    public static double Of(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
