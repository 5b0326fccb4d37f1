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
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>The benchmarked layers: lines, points and polygons.</summary>
    private static readonly string[] LayerIds = ["roads", "shelters", "hazard-areas"];

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
                await File.WriteAllTextAsync(path, workload.PgbenchScript(layer, TileSqlBuilder.Build(layer, integerId: true)), cancellationToken);
                scripts.Add((path, workload.Count(layer)));
            }

            BenchContext.Log($"{workload.TotalRequests} (layer, tile) pairs: " +
                             string.Join(", ", layers.Select(l => $"{l.Id} {workload.Count(l)}")) + $"; z{TileWorkload.MinZoom}–z{TileWorkload.MaxZoom}");

            BenchContext.Log($"pgbench: warm-up {WarmUp.TotalSeconds:0} s, then {Measure.TotalSeconds:0} s at -c{Connections} -j{Threads}");
            await Pgbench.RunAsync(context, scripts, Connections, Threads, WarmUp, cancellationToken);
            var pg = await Pgbench.RunAsync(context, scripts, Connections, Threads, Measure, cancellationToken);
            if (pg.Failed > 0)
            {
                throw new InvalidOperationException($"pgbench had {pg.Failed} failed transactions:\n{pg.Raw}");
            }

            var uncached = await MeasureServerAsync(context, workload, lua, cacheEnabled: false, cancellationToken);
            var cached = await MeasureServerAsync(context, workload, lua, cacheEnabled: true, cancellationToken);

            Console.WriteLine();
            Console.WriteLine($"tiles bench — SYNTHETIC data ({workload.TotalRequests} layer/tile pairs, z10–z16 over Minato), " +
                              $"{Connections} connections, {Measure.TotalSeconds:0} s each");
            Console.WriteLine($"  pgbench (same SQL, -M prepared)  {pg.TransactionsPerSecond,10:N0} tiles/s   latency avg {pg.LatencyAvg}");
            Console.WriteLine($"  /tiles uncached (wrk)            {uncached.RequestsPerSecond,10:N0} req/s     latency avg {uncached.LatencyAvg}");
            Console.WriteLine($"  /tiles cached (wrk)              {cached.RequestsPerSecond,10:N0} req/s     latency avg {cached.LatencyAvg}");

            return
            [
                BenchResult.AtLeast("tiles uncached vs same SQL in pgbench", "req/s", uncached.RequestsPerSecond, pg.TransactionsPerSecond,
                    0.8, "≥ 0.8× pgbench"),
                BenchResult.AtLeast("tiles cached vs uncached", "req/s", cached.RequestsPerSecond, uncached.RequestsPerSecond,
                    20, "≥ 20× uncached"),
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
            [.. libpq, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", context.Database.Database ?? "minato_bench", "-f", sql], env, cancellationToken);
        BenchContext.Log($"synthetic dataset loaded in {watch.Elapsed.TotalSeconds:0.0} s (5,000 roads, 4,000 facilities, 1,500 hazard polygons)");
    }

    private static async Task<Wrk.Result> MeasureServerAsync(BenchContext context, TileWorkload workload, string lua, bool cacheEnabled,
        CancellationToken cancellationToken)
    {
        var mode = cacheEnabled ? "cached" : "uncached";
        await using var server = await ServerProcess.StartAsync(context, new Dictionary<string, string>
        {
            ["Minato__Tiles__CacheEnabled"] = cacheEnabled ? "true" : "false",
            ["Minato__Tiles__CacheSizeMegabytes"] = "512",
            // The public rate limit (per client address) would cap a load generator on loopback: lift it for the bench.
            ["Minato__PublicRequestsPerSecond"] = "100000",
            ["Minato__PublicBurst"] = "1000000",
        }, cancellationToken);
        BenchContext.Log($"server ({mode}) on {server.BaseAddress}");

        // Every tile once: checks each answers 200/204 (and fills the cache in cached mode).
        using (var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip }) { BaseAddress = server.BaseAddress })
        {
            var watch = Stopwatch.StartNew();
            var bytes = 0L;
            var empty = 0;
            foreach (var (layer, t) in workload.All())
            {
                using var response = await http.GetAsync($"/tiles/{layer.Id}/{t.Z}/{t.X}/{t.Y}.mvt", cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
                {
                    throw new InvalidOperationException($"{layer.Id} {t}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                empty += response.StatusCode == HttpStatusCode.NoContent ? 1 : 0;
                bytes += (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            }

            BenchContext.Log($"{mode}: all {workload.TotalRequests} tiles fetched once in {watch.Elapsed.TotalSeconds:0.0} s, " +
                             $"{empty} empty, mean {bytes / Math.Max(1, workload.TotalRequests - empty) / 1024.0:0.0} KiB raw");
        }

        BenchContext.Log($"wrk ({mode}): warm-up {WarmUp.TotalSeconds:0} s, then {Measure.TotalSeconds:0} s at -t{Threads} -c{Connections}");
        await Wrk.RunAsync(server.BaseAddress, lua, Threads, Connections, WarmUp, cancellationToken);
        var result = await Wrk.RunAsync(server.BaseAddress, lua, Threads, Connections, Measure, cancellationToken);
        if (result.Non2xx > 0 || result.SocketErrors > 0)
        {
            throw new InvalidOperationException($"wrk ({mode}) saw {result.Non2xx} non-2xx responses and {result.SocketErrors} socket errors:\n{result.Raw}");
        }

        return result;
    }
}
