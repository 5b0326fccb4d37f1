using System.Diagnostics;
using System.Net;
using Minato.Bench.Benches.Tiles;
using Minato.Bench.Harness;
using Minato.Gis.Layers;
using Minato.Gis.Tiles;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench tiles</c>: the tile endpoint's requests per second (wrk) against the same ST_AsMVT SQL run directly
/// by pgbench, uncached and cached, over a fixed list of ≥ 500 tiles on a synthetic dataset, with equal concurrency.
/// </summary>
public sealed class TilesBench : IBench
{
    private const int Connections = 16;
    private const int Threads = 2;
    private const int Rounds = 3;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    /// <summary>The benchmarked layers: lines, points and polygons.</summary>
    private static readonly string[] LayerIds = ["roads", "shelters", "hazard-areas"];

    /// <summary>The runtime knob the bench sets on the servers (printed with the results).</summary>
    public const string SpinLimitVariable = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    public string Name => "tiles";

    public string Description => "vector tiles: /tiles uncached vs the same ST_AsMVT SQL in pgbench, cached vs uncached";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var catalog = new LayerCatalog(LayerCatalog.Core);
        var layers = LayerIds.Select(id => catalog.Find(id) ?? throw new InvalidOperationException($"layer {id} missing")).ToArray();
        var workload = TileWorkload.For(layers);
        var work = Directory.CreateTempSubdirectory("minato-bench-tiles-");
        try
        {
            await LoadDatasetAsync(context, cancellationToken);

            var lua = Path.Combine(work.FullName, "tiles.lua");
            await File.WriteAllTextAsync(lua, workload.WrkScript(), cancellationToken);
            var scripts = new List<(string, int)>();
            foreach (var layer in layers)
            {
                // The exact statement the server runs (these layers' ids are bigserial: integer MVT feature ids).
                var path = Path.Combine(work.FullName, $"{layer.Id}.sql");
                await File.WriteAllTextAsync(path, workload.PgbenchScript(layer, TileSqlBuilder.Build(layer, integerId: true)),
                    cancellationToken);
                scripts.Add((path, workload.Count(layer)));
            }

            BenchContext.Log($"{workload.TotalRequests} (layer, tile) pairs: " +
                             string.Join(", ", layers.Select(l => $"{l.Id} {workload.Count(l)}"))
                                 + $"; z{TileWorkload.MinZoom}–z{TileWorkload.MaxZoom}");

            // Both servers run side by side and the three measurements are interleaved in short rounds, so that a change
            // in the machine's background load (other builds on a shared box) hits all three alike.
            await using var uncachedServer = await StartServerAsync(context, workload, cacheEnabled: false, cancellationToken);
            await using var cachedServer = await StartServerAsync(context, workload, cacheEnabled: true, cancellationToken);
            BenchContext.Log($"warm-up: pgbench {WarmUp.TotalSeconds:0} s; wrk on each server until its tiered JIT settles");
            await Pgbench.RunAsync(context, scripts, Connections, Threads, WarmUp, cancellationToken);
            await WarmUpAsync(uncachedServer, lua, "uncached", cancellationToken);
            await WarmUpAsync(cachedServer, lua, "cached", cancellationToken);

            var pg = new List<Pgbench.Result>();
            var uncached = new List<Wrk.Result>();
            var cached = new List<Wrk.Result>();
            // Where the CPU went in each kind of slice: the server (named), PostgreSQL, and the load generator (pgbench or
            // wrk, this process's child) — per tile, so a reader sees what each costs on their machine.
            CpuUse? pgCpu = null, uncachedCpu = null, cachedCpu = null;
            var uncachedNamed = new Dictionary<int, string> { [uncachedServer.ProcessId] = "server" };
            var cachedNamed = new Dictionary<int, string> { [cachedServer.ProcessId] = "server" };
            for (var round = 1; round <= Rounds; round++)
            {
                var cpu = CpuMeter.Start();
                pg.Add(await Pgbench.RunAsync(context, scripts, Connections, Threads, Slice, cancellationToken));
                pgCpu = pgCpu?.Plus(cpu.Stop()) ?? cpu.Stop();
                cpu = CpuMeter.Start(uncachedNamed);
                uncached.Add(Checked(await Wrk.RunAsync(uncachedServer.BaseAddress, lua, Threads, Connections, Slice, cancellationToken),
                    "uncached"));
                uncachedCpu = uncachedCpu?.Plus(cpu.Stop()) ?? cpu.Stop();
                cpu = CpuMeter.Start(cachedNamed);
                cached.Add(Checked(await Wrk.RunAsync(cachedServer.BaseAddress, lua, Threads, Connections, Slice, cancellationToken),
                    "cached"));
                cachedCpu = cachedCpu?.Plus(cpu.Stop()) ?? cpu.Stop();
                BenchContext.Log($"round {round}/{Rounds}: pgbench {pg[^1].TransactionsPerSecond:N0} tiles/s, uncached " +
                    $"{uncached[^1].RequestsPerSecond:N0} req/s, " +
                                 $"cached {cached[^1].RequestsPerSecond:N0} req/s");
                if (pg[^1].Failed > 0)
                {
                    throw new InvalidOperationException($"pgbench had {pg[^1].Failed} failed transactions:\n{pg[^1].Raw}");
                }
            }

            // Equal slices, so the mean of the rates is the total over the total time.
            var pgRate = pg.Average(r => r.TransactionsPerSecond);
            var uncachedRate = uncached.Average(r => r.RequestsPerSecond);
            var cachedRate = cached.Average(r => r.RequestsPerSecond);
            Console.WriteLine();
            Console.WriteLine($"tiles bench — SYNTHETIC data ({workload.TotalRequests} layer/tile pairs, z10–z16 over Minato), " +
                              $"{Connections} connections, {Rounds} interleaved rounds of {Slice.TotalSeconds:0} s; servers with " +
                                  $"{SpinLimitVariable}=0");
            Console.WriteLine($"  pgbench (same SQL, -M prepared)  {pgRate,10:N0} tiles/s");
            Console.WriteLine($"  /tiles uncached (wrk)            {uncachedRate,10:N0} req/s");
            Console.WriteLine($"  /tiles cached (wrk)              {cachedRate,10:N0} req/s");
            Console.WriteLine($"  pgbench:  {pgCpu!.DescribePerItem(pg.Sum(r => r.Transactions), "tile", "pgbench")}");
            Console.WriteLine($"  uncached: {uncachedCpu!.DescribePerItem(uncached.Sum(r => r.Requests), "tile", "wrk")}");
            Console.WriteLine($"  cached:   {cachedCpu!.DescribePerItem(cached.Sum(r => r.Requests), "tile", "wrk")}");

            return
            [
                BenchResult.AtLeast("tiles uncached vs same SQL in pgbench", "req/s", uncachedRate, pgRate, 0.9, "≥ 0.9× pgbench"),
                BenchResult.AtLeast("tiles cached vs uncached", "req/s", cachedRate, uncachedRate, 20, "≥ 20× uncached"),
            ];
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task LoadDatasetAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var sql = Path.Combine(AppContext.BaseDirectory, "Benches", "Tiles", "SyntheticDataset.sql");
        var (libpq, env) = context.Libpq();
        var watch = Stopwatch.StartNew();
        await ExternalTool.RequireAsync("psql",
            [.. libpq, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", context.Database.Database ?? "minato_bench", "-f", sql], env,
                cancellationToken);
        BenchContext.Log($"synthetic dataset loaded in {watch.Elapsed.TotalSeconds:0.0} s (5,000 roads, 4,000 facilities, 1,500 hazard " +
            $"polygons)");
    }

    // Tiered compilation keeps re-compiling hot methods (tier 0 → instrumented → tier 1) for many seconds on a busy 2-core
    // box; measured with perf, the JIT thread took 25–40 % of the server's CPU 20 s after start. Measure only once it is quiet:
    // load in WarmUp slices until the JIT thread used < 3 % of a core during one, at most eight slices.
    private static async Task WarmUpAsync(ServerProcess server, string lua, string mode, CancellationToken cancellationToken)
    {
        for (var slice = 1; slice <= 8; slice++)
        {
            var before = server.JitTicks();
            await Wrk.RunAsync(server.BaseAddress, lua, Threads, Connections, WarmUp, cancellationToken);
            var jit = (server.JitTicks() - before) / WarmUp.TotalSeconds;
            BenchContext.Log($"warm-up {mode} {slice}: tiered JIT used {jit:0.0} % of a core");
            if (jit < 3)
            {
                return;
            }
        }
    }

    private static Wrk.Result Checked(Wrk.Result result, string mode) =>
        result.Non2xx > 0 || result.SocketErrors > 0
            ? throw new InvalidOperationException($"wrk ({mode}) saw {result.Non2xx} non-2xx responses and {result.SocketErrors} socket " +
                $"errors:\n{result.Raw}")
            : result;

    private static async Task<ServerProcess> StartServerAsync(BenchContext context, TileWorkload workload, bool cacheEnabled,
        CancellationToken cancellationToken)
    {
        var mode = cacheEnabled ? "cached" : "uncached";
        var server = await ServerProcess.StartAsync(context, new Dictionary<string, string>
        {
            ["Minato__Tiles__CacheEnabled"] = cacheEnabled ? "true" : "false",
            ["Minato__Tiles__CacheSizeMegabytes"] = "512",
            // The public rate limit (per client address) would cap a load generator on loopback: lift it for the bench.
            ["Minato__PublicRequestsPerSecond"] = "100000",
            ["Minato__PublicBurst"] = "1000000",
            // Idle thread-pool workers spin (sched_yield) before sleeping; on a host whose cores PostgreSQL shares, that spin
            // took ~40 % of the server's CPU under this load (perf) and −15–20 % throughput. Recommended for deployment too.
            [SpinLimitVariable] = "0",
        }, cancellationToken);
        BenchContext.Log($"server ({mode}) on {server.BaseAddress}");

        // Every tile once: checks each answers 200/204 (and fills the cache in cached mode).
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip })
        {
            BaseAddress = server.BaseAddress,
        };
        var watch = Stopwatch.StartNew();
        var bytes = 0L;
        var empty = 0;
        foreach (var (layer, t) in workload.All())
        {
            using var response = await http.GetAsync($"/tiles/{layer.Id}/{t.Z}/{t.X}/{t.Y}.mvt", cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{layer.Id} {t}: {(int)response.StatusCode} " +
                    $"{await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            empty += response.StatusCode == HttpStatusCode.NoContent ? 1 : 0;
            bytes += (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
        }

        BenchContext.Log($"{mode}: all {workload.TotalRequests} tiles fetched once in {watch.Elapsed.TotalSeconds:0.0} s, " +
                         $"{empty} empty (204), mean non-empty {bytes / Math.Max(1, workload.TotalRequests - empty) / 1024.0:0.0} KiB raw");
        return server;
    }
}
