using System.Globalization;
using System.Text.RegularExpressions;

namespace Minato.Bench.Harness;

/// <summary>PostgreSQL's own load generator running custom script files, and what it reported.</summary>
public static partial class Pgbench
{
    /// <param name="P50Ms">The median transaction latency (from pgbench's per-transaction log), NaN unless asked for.</param>
    /// <param name="P99Ms">The 99th percentile, NaN unless asked for.</param>
    public sealed record Result(double TransactionsPerSecond, long Transactions, long Failed, string LatencyAvg, string Raw,
        double P50Ms = double.NaN, double P99Ms = double.NaN);

    /// <param name="scripts">Script files with their weights (<c>-f file@weight</c>).</param>
    /// <param name="percentiles">Log every transaction's latency (<c>-l</c>, to a temporary folder) and report p50/p99.</param>
    public static async Task<Result> RunAsync(BenchContext context, IEnumerable<(string File, int Weight)> scripts, int clients,
        int threads,
        TimeSpan duration, CancellationToken cancellationToken = default, bool percentiles = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (libpq, env) = context.Libpq();
        var args = new List<string>(libpq)
        {
            "-n", "-M", "prepared", "-c", Invariant(clients), "-j", Invariant(threads), "-T", Invariant((int)duration.TotalSeconds),
        };
        var logs = percentiles ? Directory.CreateTempSubdirectory("minato-pgbench-") : null;
        if (logs is not null)
        {
            args.Add("-l");
            args.Add("--log-prefix=" + Path.Combine(logs.FullName, "tx"));
        }

        foreach (var (file, weight) in scripts)
        {
            args.Add("-f");
            args.Add($"{file}@{Invariant(weight)}");
        }

        args.Add(context.Database.Database ?? "minato_bench");
        string output;
        (double P50, double P99) latencies = (double.NaN, double.NaN);
        try
        {
            output = await ExternalTool.RequireAsync("pgbench", args, env, cancellationToken);
            if (logs is not null)
            {
                latencies = await PercentilesAsync(logs, cancellationToken);
            }
        }
        finally
        {
            logs?.Delete(recursive: true);
        }

        var tps = Tps().Match(output);
        if (!tps.Success)
        {
            throw new InvalidOperationException("pgbench printed no tps:\n" + output);
        }

        var done = Processed().Match(output);
        var failed = Failed().Match(output);
        var latency = Latency().Match(output);
        return new Result(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            done.Success ? long.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            latency.Success ? latency.Groups[1].Value + " ms" : "?",
            output,
            latencies.P50,
            latencies.P99);
    }

    /// <summary>p50 and p99 (ms) of the per-transaction log lines <c>client_id transaction_no time_us script_no …</c>.</summary>
    private static async Task<(double P50, double P99)> PercentilesAsync(DirectoryInfo logs, CancellationToken cancellationToken)
    {
        var micros = new List<double>();
        foreach (var file in logs.EnumerateFiles("tx*"))
        {
            foreach (var line in await File.ReadAllLinesAsync(file.FullName, cancellationToken))
            {
                var fields = line.Split(' ');
                if (fields.Length > 2 && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var us))
                {
                    micros.Add(us);
                }
            }
        }

        return (Percentiles.Of(micros, 0.50) / 1000, Percentiles.Of(micros, 0.99) / 1000);
    }

    private static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex Processed();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex Failed();

    [GeneratedRegex(@"latency average = ([\d.]+) ms")]
    private static partial Regex Latency();
}
