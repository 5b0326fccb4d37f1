namespace Minato.Bench.Harness;

/// <summary>One measured figure against its baseline (null when there is none) and its target.</summary>
/// <param name="Ratio">ours / baseline (null without a baseline).</param>
/// <param name="Target">The target in words, e.g. "≥ 0.8× pgbench".</param>
public sealed record BenchResult(string Metric, string Unit, double Ours, double? Baseline, double? Ratio, string Target, bool Pass)
{
    /// <summary>A figure compared with a baseline, passing when ours/baseline ≥ <paramref name="minRatio"/>.</summary>
    public static BenchResult AtLeast(string metric, string unit, double ours, double baseline, double minRatio, string target)
    {
        var ratio = baseline > 0 ? ours / baseline : 0;
        return new BenchResult(metric, unit, ours, baseline, ratio, target, ratio >= minRatio);
    }
}
