using System.Diagnostics;
using System.Globalization;

namespace Minato.Bench.Harness;

/// <summary>
/// Where the CPU went during a benchmark phase (Linux /proc): this process, the bench's Mosquitto, the bench database's
/// PostgreSQL (its postmaster and every backend; other clusters on a shared machine are left out), the
/// named processes (e.g. the server), this process's finished child processes (the load generators it ran and waited
/// for: pgbench, wrk), and the machine as a whole, so a rate can be read against the cores it used. A backend that ends
/// inside the phase counts through its postmaster; any other process that ends inside the phase is not counted.
/// </summary>
public sealed class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private const string ChildrenGroup = "children";
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> MosquittoPids = new();
    private static int _postmaster;
    private readonly Dictionary<string, double> _start;
    private readonly (double Busy, double Total) _machine;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly IReadOnlyDictionary<int, string> _named;

    private CpuMeter(IReadOnlyDictionary<int, string> named)
    {
        _named = named;
        _start = Sample();
        _machine = Machine();
    }

    /// <summary>
    /// Counts as "postgres" only the server of <paramref name="connectionString"/> (its postmaster and the postmaster's
    /// children), not every PostgreSQL on the machine: on a shared machine other clusters would be billed to the bench.
    /// </summary>
    public static async Task CountPostgresOfAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var host = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host;
        if (host is not ("127.0.0.1" or "localhost" or "::1"))
        {
            return; // a PostgreSQL on another machine: its processes are not in this /proc
        }

        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", conn);
        var backend = (int)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        if (Stat(backend) is { } stat)
        {
            _postmaster = int.Parse(stat.Fields[1], CultureInfo.InvariantCulture); // field 4: the parent, the postmaster
        }
    }

    /// <summary>Counts <paramref name="pid"/> as "mosquitto" (the bench's own broker, not others on the machine).</summary>
    public static void CountMosquitto(int pid) => MosquittoPids[pid] = true;

    /// <summary>Starts measuring; <paramref name="named"/> processes (pid → name) are counted under their own name.</summary>
    public static CpuMeter Start(IReadOnlyDictionary<int, string>? named = null) => new(named ?? new Dictionary<int, string>());

    /// <summary>CPU seconds per group since the start, and the machine's busy share (0–1) over the same time.</summary>
    public CpuUse Stop()
    {
        var end = Sample();
        var machine = Machine();
        double Used(string group) => end.GetValueOrDefault(group) - _start.GetValueOrDefault(group);
        var busy = (machine.Busy - _machine.Busy) / Math.Max(1, machine.Total - _machine.Total);
        return new CpuUse(Used("bench"), Used("mosquitto"), Used("postgres"), busy, Stopwatch.GetElapsedTime(_started).TotalSeconds,
            _named.Values.Distinct().ToDictionary(n => n, Used), Used(ChildrenGroup));
    }

    private Dictionary<string, double> Sample()
    {
        var own = Environment.ProcessId;
        var groups = new Dictionary<string, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            if (Stat(pid) is not { } stat)
            {
                continue; // the process ended while it was read
            }

            var (comm, fields) = stat;
            var group = _named.TryGetValue(pid, out var name) ? name
                : pid == own ? "bench"
                : MosquittoPids.ContainsKey(pid) ? "mosquitto"
                : comm.StartsWith("postgres", StringComparison.Ordinal) && IsOurPostgres(pid, fields) ? "postgres"
                : null;
            if (group is null)
            {
                continue;
            }

            // Fields after the comm: state is field 3; utime and stime are fields 14 and 15.
            var seconds = (Ticks(fields[11]) + Ticks(fields[12])) / TicksPerSecond;
            groups[group] = groups.GetValueOrDefault(group) + seconds;
            // cutime and cstime (fields 16 and 17): the children a process has waited for. This process's are the load
            // generators; the postmaster's are the backends that ended (pgbench's connections end with each slice).
            var children = (Ticks(fields[13]) + Ticks(fields[14])) / TicksPerSecond;
            if (pid == own)
            {
                groups[ChildrenGroup] = children;
            }
            else if (pid == _postmaster)
            {
                groups[group] += children;
            }
        }

        return groups;
    }

    private static double Ticks(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>Without a known postmaster (CountPostgresOfAsync not called), every PostgreSQL process counts.</summary>
    private static bool IsOurPostgres(int pid, string[] fields) =>
        _postmaster == 0 || pid == _postmaster || fields[1] == _postmaster.ToString(CultureInfo.InvariantCulture);

    /// <summary>A process's name and the fields after it in /proc/PID/stat (index 0 is field 3, the state), or null once ended.</summary>
    private static (string Comm, string[] Fields)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return (stat[(stat.IndexOf('(') + 1)..close], stat[(close + 2)..].Split(' '));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (double Busy, double Total) Machine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4]; // idle + iowait
        var total = cpu.Take(8).Sum(); // user … steal (guest time is already inside user)
        return (total - idle, total);
    }
}

/// <summary>CPU seconds used in a phase by this process, Mosquitto, PostgreSQL, the named processes and this process's finished
/// child processes (load generators); the machine's busy share; the phase's length.</summary>
public sealed record CpuUse(
    double Bench, double Mosquitto, double Postgres, double MachineBusy, double Seconds, IReadOnlyDictionary<string, double> Named,
    double Children)
{
    /// <summary>Two phases together (CPU seconds and lengths added, the busy share weighted by length).</summary>
    public CpuUse Plus(CpuUse other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var seconds = Seconds + other.Seconds;
        return new CpuUse(Bench + other.Bench, Mosquitto + other.Mosquitto, Postgres + other.Postgres,
            ((MachineBusy * Seconds) + (other.MachineBusy * other.Seconds)) / Math.Max(1e-9, seconds), seconds,
            Named.Keys.Union(other.Named.Keys).ToDictionary(k => k, k => Named.GetValueOrDefault(k) + other.Named.GetValueOrDefault(k)),
            Children + other.Children);
    }

    /// <summary>µs of CPU per item by each process that used any: "server 310.2 µs, postgres 150.0 µs, wrk 40.1 µs per tile".</summary>
    /// <param name="children">The name of this process's child processes in the phase (e.g. "pgbench"), or null to leave them out.</param>
    public string DescribePerItem(long items, string item, string? children = null)
    {
        var parts = Named.Select(n => (n.Key, n.Value))
            .Append(("this process", Bench)).Append(("mosquitto", Mosquitto)).Append(("postgres", Postgres))
            .Concat(children is null ? [] : [(children, Children)])
            .Where(p => p.Item2 > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2 / Math.Max(1, items) * 1e6:0.0} µs"));
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU per {item}: {string.Join(", ", parts)}; machine {MachineBusy:P0} busy over {Seconds:0.0} s");
    }

    /// <summary>"server 1.20 cores, bench 0.70, mosquitto 0.05, postgres 0.02; machine 98 % busy": average cores per process.</summary>
    public string DescribeCores() =>
        string.Create(CultureInfo.InvariantCulture,
            $"CPU (cores): {string.Concat(Named.Select(n => $"{n.Key} {n.Value / Seconds:0.00}, "))}this process {Bench / Seconds:0.00}, " +
            $"mosquitto {Mosquitto / Seconds:0.00}, postgres {Postgres / Seconds:0.00}; machine {MachineBusy:P0} busy over {Seconds:0.0} " +
                $"s");

    /// <summary>"bench 2.1 s, mosquitto 0.9 s, postgres 1.2 s of CPU; machine 97 % busy" and µs per item.</summary>
    public string Describe(long items) =>
        string.Create(CultureInfo.InvariantCulture,
            $"CPU: this process {Bench:0.00} s ({Bench / items * 1e6:0.0} µs/reading), mosquitto {Mosquitto:0.00} s " +
                $"({Mosquitto / items * 1e6:0.0} µs), " +
            $"postgres {Postgres:0.00} s ({Postgres / items * 1e6:0.0} µs); machine {MachineBusy:P0} busy over {Seconds:0.00} s");
}
