using System.Diagnostics;
using Microsoft.Extensions.Options;
using Minato.Bench.Harness;
using Minato.Gis.Database;
using Minato.Gis.Import;
using Minato.Gis.Routing;
using Npgsql;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench routes</c>: the routing engine decided by measurement. On the real Shibuya OSM extract and on the demo
/// network, the same origin–destination node pairs are timed through pgRouting's <c>pgr_dijkstra</c> (one query per
/// pair, the graph built from SQL each time, as pgRouting works) and through the in-process graph (<see cref="RoadGraph"/>
/// + <see cref="ShortestPaths"/>); prints p50/p99 of each and the ratio, checks that every length agrees with
/// pgr_dijkstra to 1 m, and measures how long a newly blocked road takes to change the next route (commit → the
/// planner's next graph, which it reloads when the layer version moved). Then the live isolation: road change → the
/// <c>isolation</c> entity at a SignalR client, and one full recompute (RoutesBench.Isolation.cs).
/// </summary>
public sealed partial class RoutesBench : IBench
{
    private const int Pairs = 200;

    private const string PgrSql = """
        SELECT max(agg_cost) FROM pgr_dijkstra(
            'SELECT id, source_node AS source, target_node AS target, length_m AS cost, length_m AS reverse_cost
             FROM gis.roads WHERE foot AND NOT blocked', $1, $2, directed => false)
        WHERE edge = -1
        """;

    public string Name => "routes";

    public string Description =>
        "routing: in-process graph vs pgr_dijkstra on the same pairs (Shibuya OSM, demo); block-to-route latency; live isolation";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var db = GisDataSource.Create(context.ConnectionString);
        var shared = Environment.GetEnvironmentVariable("MINATO_SHARED_DATA") is { Length: > 0 } s ? s
            : Path.Combine(context.Root, "..", "shared", "data");
        var results = new List<BenchResult>();
        foreach (var (name, path) in new[]
                 {
                     ("shibuya", Path.Combine(shared, "roads", "osm_shibuya_sample.osm")),
                     ("demo", Path.Combine(context.Root, "data", "demo", "roads.geojson")),
                 })
        {
            results.AddRange(await NetworkAsync(db, name, path, cancellationToken));
        }

        results.AddRange(await IsolationAsync(context, db, cancellationToken));

        return results;
    }

    private static async Task<IEnumerable<BenchResult>> NetworkAsync(NpgsqlDataSource db, string name, string path,
        CancellationToken cancellationToken)
    {
        await db.ExecAsync("TRUNCATE gis.roads, gis.road_nodes CASCADE", cancellationToken: cancellationToken);
        var import = await new LayerImporter(db, TimeProvider.System).ImportAsync("roads", path, new ImportOptions { Source = name },
            cancellationToken);
        BenchContext.Log($"{name}: imported {import.Inserted} road rows from {Path.GetFileName(path)} ({import.Rejected} rejected)");
        var planner = new RoutePlanner(db, Options.Create(new RoutingOptions()));
        var load = Stopwatch.StartNew();
        var graph = await planner.GraphAsync(cancellationToken);
        var loadMs = load.Elapsed.TotalMilliseconds;
        var nodes = graph.NodeCount;
        var random = new Random(13);
        var ids = new List<long>();
        await using (var cmd = Sql.Command(db, "SELECT id FROM gis.road_nodes ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                ids.Add(r.GetInt64(0));
            }
        }

        var pairs = Enumerable.Range(0, Pairs).Select(_ => (ids[random.Next(ids.Count)], ids[random.Next(ids.Count)]))
            .Where(p => graph.NodeIndex(p.Item1) >= 0 && graph.NodeIndex(p.Item2) >= 0 && p.Item1 != p.Item2).ToList();
        var pgr = new List<double>();
        var ours = new List<double>();
        var agree = 0;
        var compared = 0;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        foreach (var (a, b) in pairs)
        {
            var t = Stopwatch.StartNew();
            await using var cmd = Sql.Command(conn, PgrSql, values: [a, b]);
            var oracle = await cmd.ExecuteScalarAsync(cancellationToken) as double?;
            pgr.Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            var paths = ShortestPaths.Run(graph, [(graph.NodeIndex(a), 0, 0)], _ => 1);
            var length = paths.LengthM[graph.NodeIndex(b)];
            var reached = !double.IsPositiveInfinity(paths.Cost[graph.NodeIndex(b)]);
            ours.Add(t.Elapsed.TotalMilliseconds);
            compared++;
            if (oracle is { } o ? reached && Math.Abs(o - length) <= 1 : !reached)
            {
                agree++;
            }
        }

        var blockMs = await BlockLatencyAsync(db, planner, graph, cancellationToken);
        var (pgr50, pgr99) = (Percentile(pgr, 0.5), Percentile(pgr, 0.99));
        var (our50, our99) = (Percentile(ours, 0.5), Percentile(ours, 0.99));
        BenchContext.Log($"{name}: {graph.EdgeCount} edges, {nodes} nodes; graph load {loadMs:F0} ms; {compared} pairs, "
            + $"{agree} agree ≤ 1 m; "
            + $"pgr_dijkstra p50 {pgr50:F2} ms p99 {pgr99:F2} ms; in-process p50 {our50:F3} ms p99 {our99:F3} ms; "
            + $"blocked road → next route {blockMs:F0} ms");
        return
        [
            new BenchResult($"{name} route p50 (ratio: pgr / ours)", "ms", our50, pgr50, pgr50 / Math.Max(our50, 1e-6), "faster",
                our50 < pgr50),
            new BenchResult($"{name} route p99", "ms", our99, pgr99, pgr99 / Math.Max(our99, 1e-6), "faster", our99 < pgr99),
            new BenchResult($"{name} lengths agreeing with pgr_dijkstra to 1 m", "pairs", agree, compared, (double)agree / compared,
                "all", agree == compared),
            new BenchResult($"{name} blocked road → next route", "ms", blockMs, null, null, "≤ 1000 ms", blockMs <= 1000),
        ];
    }

    /// <summary>Blocks the longest road of the network (commit), then times the planner's next graph until it excludes it.</summary>
    private static async Task<double> BlockLatencyAsync(NpgsqlDataSource db, RoutePlanner planner, RoadGraph before,
        CancellationToken cancellationToken)
    {
        var road = (long)(await db.ScalarAsync("SELECT id FROM gis.roads WHERE foot ORDER BY length_m DESC LIMIT 1",
            cancellationToken: cancellationToken))!;
        var t = Stopwatch.StartNew();
        await db.ExecAsync("UPDATE gis.roads SET blocked = true WHERE id = $1", [road], cancellationToken);
        var after = await planner.GraphAsync(cancellationToken);
        var ms = t.Elapsed.TotalMilliseconds;
        await db.ExecAsync("UPDATE gis.roads SET blocked = false WHERE id = $1", [road], cancellationToken);
        return before.EdgeIndex(road) >= 0 && after.EdgeIndex(road) < 0 ? ms : double.PositiveInfinity;
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }
}
