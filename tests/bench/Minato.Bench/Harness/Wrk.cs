using System.Globalization;
using System.Text.RegularExpressions;

namespace Minato.Bench.Harness;

/// <summary>The HTTP load generator (Debian <c>wrk</c>) with a Lua script, and what it reported.</summary>
public static partial class Wrk
{
    /// <param name="P50Ms">The median latency (wrk's --latency distribution), NaN when it printed none.</param>
    /// <param name="P99Ms">The 99th percentile latency, NaN when it printed none.</param>
    public sealed record Result(double RequestsPerSecond, long Requests, long Non2xx, long SocketErrors, string LatencyAvg, string Raw,
        double P50Ms = double.NaN, double P99Ms = double.NaN);

    /// <param name="timeout">A response slower than this counts as a timeout (socket error); wrk's default is 2 s.</param>
    public static async Task<Result> RunAsync(Uri baseAddress, string luaScript, int threads, int connections, TimeSpan duration,
        CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var output = await ExternalTool.RequireAsync("wrk",
            ["-t", Invariant(threads), "-c", Invariant(connections), "-d", Invariant((int)duration.TotalSeconds) + "s", "--latency",
             "--timeout", Invariant((int)(timeout ?? TimeSpan.FromSeconds(2)).TotalSeconds) + "s",
             "-s", luaScript, baseAddress.ToString().TrimEnd('/')], cancellationToken: cancellationToken);
        var rps = Rps().Match(output);
        if (!rps.Success)
        {
            throw new InvalidOperationException("wrk printed no Requests/sec:\n" + output);
        }

        var requests = Requests().Match(output);
        var non2xx = Non2xx().Match(output);
        var socket = SocketErrors().Match(output);
        var latency = Latency().Match(output);
        long errors = 0;
        if (socket.Success)
        {
            errors = socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new Result(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            requests.Success ? long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors,
            latency.Success ? latency.Groups[1].Value : "?",
            output,
            Percentile(output, "50%"),
            Percentile(output, "99%"));
    }

    /// <summary>A line of wrk's "Latency Distribution" (e.g. <c>99%   12.34ms</c>) in milliseconds.</summary>
    private static double Percentile(string output, string which)
    {
        var m = Regex.Match(output, @"^\s*" + Regex.Escape(which) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }

    private static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Latency\s+(\S+)")]
    private static partial Regex Latency();
}
