using System.Globalization;
using System.Text.RegularExpressions;

namespace Minato.Bench.Harness;

/// <summary>PostgreSQL's own load generator running custom script files, and what it reported.</summary>
public static partial class Pgbench
{
    public sealed record Result(double TransactionsPerSecond, long Transactions, long Failed, string LatencyAvg, string Raw);

    /// <param name="scripts">Script files with their weights (<c>-f file@weight</c>).</param>
    public static async Task<Result> RunAsync(BenchContext context, IEnumerable<(string File, int Weight)> scripts, int clients,
        int threads,
        TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (libpq, env) = context.Libpq();
        var args = new List<string>(libpq)
        {
            "-n", "-M", "prepared", "-c", Invariant(clients), "-j", Invariant(threads), "-T", Invariant((int)duration.TotalSeconds),
        };
        foreach (var (file, weight) in scripts)
        {
            args.Add("-f");
            args.Add($"{file}@{Invariant(weight)}");
        }

        args.Add(context.Database.Database ?? "minato_bench");
        var output = await ExternalTool.RequireAsync("pgbench", args, env, cancellationToken);
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
            output);
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
