using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Minato.Bench.Harness;
using Minato.Disaster.CheckIn;
using Minato.Disaster.StayFacilities;
using Minato.Gis.Database;
using Minato.Gis.Hazards;
using Minato.Gis.Layers;
using Minato.Gis.Routing;
using Minato.Testing;
using NetTopologySuite.IO;
using Npgsql;

namespace Minato.Bench.Benches;

/// <summary>
/// <c>./minato bench public</c>: the public surge. On the demo data (real Minato: boundary, sites, 町丁目; demo roads and
/// hazard areas), the server (a real process, per-address limits off) takes 200 concurrent wrk connections on
/// <c>/api/hazards/at</c> and <c>/api/routes/evacuation</c> over a fixed set of points spread over the ward (seeded), and
/// pgbench runs the very statements each request runs, in the same order, for the same points. The route endpoint also
/// walks the in-process graph (Dijkstra), which no SQL does: its second reference is the planner called in this process
/// without HTTP (<see cref="RoutePlanner"/>, 200 concurrent callers). Rounds are interleaved so that the machine's changing
/// background load hits every measurement alike.
/// </summary>
public sealed class PublicBench : IBench
{
    /// <summary>Concurrent clients of every load generator (the issue's "a million people ask at once", on one box).</summary>
    public const int Clients = 200;

    /// <summary>Points (and pgbench scripts, one per point: pgbench takes at most 128 script files).</summary>
    private const int Points = 100;

    private const int Threads = 2;
    private const int Rounds = 2;
    private const int Seed = 13;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    /// <summary>wrk's response timeout: 200 clients queue for 100 pooled connections (registrations also for the audit
    /// chain's lock), so a response may take seconds; wrk's default 2 s would count it as a socket error.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string Name => "public";

    public string Description => "public surge: /api/hazards/at and /api/routes/evacuation at 200 clients vs their SQL in pgbench";

    public async Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await LoadDemoAsync(context, cancellationToken);
        await using var db = GisDataSource.Create(Pruned(context.ConnectionString));
        var work = Directory.CreateTempSubdirectory("minato-bench-public-");
        try
        {
            var candidates = await PointsAsync(db, cancellationToken);
            var hazards = await HazardWorkloadAsync(db, candidates, cancellationToken);
            var planner = new RoutePlanner(db, Options.Create(new RoutingOptions()));
            var routes = await RouteWorkloadAsync(db, planner, candidates, cancellationToken);
            BenchContext.Log($"{candidates.Count} points inside the ward (seed {Seed}); hazards/at: {hazards.Count} requests, " +
                             $"routes/evacuation: {routes.Count} requests answering a route");
            var accepting = await db.ExecAsync(OpenStayFacilitiesSql, cancellationToken: cancellationToken);
            var stay = StayWorkload();
            BenchContext.Log($"stay facilities: {accepting} set accepting; {stay.Count} stations");

            await using var server = await ServerProcess.StartAsync(context, ServerSettings(context), cancellationToken);
            BenchContext.Log($"server on {server.BaseAddress} (public rate limits off)");
            await CheckAsync(server, hazards.Concat(routes).Concat(stay).Select(w => w.Path), cancellationToken);
            await CheckRegistrationAsync(server, cancellationToken);
            var pgClients = Clients;

            var measured = new List<Measured>
            {
                new("hazards/at", WrkScript(hazards.Select(r => r.Path)), [("GET /api/hazards/at", HazardScript(hazards))], work.FullName),
                new("routes/evacuation", WrkScript(routes.Select(r => r.Path)), [("GET /api/routes/evacuation", RouteScript(routes))],
                    work.FullName),
                new("stay-facilities/nearest", WrkScript(stay.Select(r => r.Path)), [("GET /api/stay-facilities/nearest", StayScript())],
                    work.FullName),
                new("evacuees (POST)", RegistrationWrkScript, [("POST /api/public/evacuees", RegistrationSql())], work.FullName),
            };
            foreach (var m in measured)
            {
                await m.WriteAsync(cancellationToken);
            }

            BenchContext.Log($"warm-up: {WarmUp.TotalSeconds:0} s of each load until the server's tiered JIT settles");
            foreach (var m in measured)
            {
                await Pgbench.RunAsync(context, m.Scripts, await PgbenchClientsAsync(db, cancellationToken), Threads, WarmUp,
                    cancellationToken);
                await WarmUpAsync(db, server, m, cancellationToken);
            }

            var inProcess = new InProcessRoutes(planner, routes);
            await PgbenchClientsAsync(db, cancellationToken); // the server's pool drained: room for the planner's
            await inProcess.RunAsync(WarmUp, cancellationToken);
            var named = new Dictionary<int, string> { [server.ProcessId] = "server" };
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var m in measured)
                {
                    var clients = await PgbenchClientsAsync(db, cancellationToken);
                    pgClients = Math.Min(pgClients, clients);
                    var cpu = CpuMeter.Start();
                    m.Pg.Add(await Pgbench.RunAsync(context, m.Scripts, clients, Threads, Slice, cancellationToken, percentiles: true));
                    m.PgCpu = m.PgCpu?.Plus(cpu.Stop()) ?? cpu.Stop();
                    db.Clear(); // this process's idle connections closed: the server's pool may grow to its 100
                    cpu = CpuMeter.Start(named);
                    var http = await Wrk.RunAsync(server.BaseAddress, m.Lua, Threads, Clients, Slice, cancellationToken, Timeout);
                    m.Http.Add(Checked(http, m.Name));
                    m.HttpCpu = m.HttpCpu?.Plus(cpu.Stop()) ?? cpu.Stop();
                    if (m.Pg[^1].Failed > 0)
                    {
                        throw new InvalidOperationException($"pgbench ({m.Name}) had {m.Pg[^1].Failed} failed transactions");
                    }

                    BenchContext.Log($"round {round}/{Rounds} {m.Name}: pgbench {m.Pg[^1].TransactionsPerSecond:N0} req/s " +
                                     $"(p50 {m.Pg[^1].P50Ms:0.0} ms), HTTP {m.Http[^1].RequestsPerSecond:N0} req/s " +
                                     $"(p50 {m.Http[^1].P50Ms:0.0} ms)");
                }

                await PgbenchClientsAsync(db, cancellationToken);
                var c = CpuMeter.Start();
                inProcess.Slices.Add(await inProcess.RunAsync(Slice, cancellationToken));
                inProcess.Cpu = inProcess.Cpu?.Plus(c.Stop()) ?? c.Stop();
                BenchContext.Log($"round {round}/{Rounds} in-process planner: {inProcess.Slices[^1].PerSecond:N0} routes/s");
            }

            return Report(measured, inProcess, pgClients);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The bench's server: limits off (its 200 clients share one loopback address), no thread-pool spin (as the tiles
    /// bench: idle workers spinning took CPU from PostgreSQL on a shared 2-core box), and a pool that closes idle connections
    /// within seconds (<see cref="Pruned"/>).</summary>
    private static Dictionary<string, string> ServerSettings(BenchContext context) => new()
    {
        ["MINATO_DB"] = Pruned(context.ConnectionString),
        ["Minato__PublicRateLimitsEnabled"] = "false",
        [TilesBench.SpinLimitVariable] = "0",
    };

    /// <summary>
    /// The connection string with idle connections closed after 2 s. Under 200 clients the server's pool fills to its 100
    /// connections and, idle, would keep them for 5 minutes: pgbench's 200 clients would then not fit in the cluster's
    /// max_connections (200). Pruning changes nothing while the pool is busy.
    /// </summary>
    private static string Pruned(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1 }.ConnectionString;

    private static List<BenchResult> Report(List<Measured> measured, InProcessRoutes inProcess, int pgClients)
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        Console.WriteLine();
        Console.WriteLine($"public bench — demo data (real Minato boundary and sites, DEMO roads and hazard areas), {Clients} HTTP " +
                          $"connections (wrk -t {Threads}), pgbench -c {pgClients} (the fewest of its slices) -j {Threads} -M prepared, " +
                          $"{Rounds} interleaved rounds of {Slice.TotalSeconds:0} s; load average {string.Join(' ', load)}");
        var results = new List<BenchResult>();
        foreach (var m in measured)
        {
            var http = m.Http.Average(r => r.RequestsPerSecond);
            var pg = m.Pg.Average(r => r.TransactionsPerSecond);
            var (h50, h99) = (m.Http.Average(r => r.P50Ms), m.Http.Average(r => r.P99Ms));
            var (p50, p99) = (m.Pg.Average(r => r.P50Ms), m.Pg.Average(r => r.P99Ms));
            Console.WriteLine($"  {m.Name}: HTTP {http,8:N0} req/s  p50 {h50,7:0.0} ms  p99 {h99,7:0.0} ms");
            Console.WriteLine($"  {m.Name}: same SQL (pgbench) {pg,8:N0} req/s  p50 {p50,7:0.0} ms  p99 {p99,7:0.0} ms");
            Console.WriteLine($"    HTTP    {m.HttpCpu!.DescribePerItem(m.Http.Sum(r => r.Requests), "request", "wrk")}");
            Console.WriteLine($"    pgbench {m.PgCpu!.DescribePerItem(m.Pg.Sum(r => r.Transactions), "request", "pgbench")}");
            results.Add(BenchResult.AtLeast($"{m.Name} vs its SQL in pgbench", "req/s", http, pg, 0.8, "≥ 0.8× pgbench"));
            results.Add(new BenchResult($"{m.Name} p50 (HTTP; baseline pgbench)", "ms", h50, p50, null, "—", true));
            results.Add(new BenchResult($"{m.Name} p99 (HTTP; baseline pgbench)", "ms", h99, p99, null, "—", true));
        }

        var routes = measured.Single(m => m.Name == "routes/evacuation");
        var planned = inProcess.Slices.Average(s => s.PerSecond);
        var routeHttp = routes.Http.Average(r => r.RequestsPerSecond);
        Console.WriteLine($"  routes/evacuation: planner in process (SQL + Dijkstra, no HTTP) {planned,8:N0} routes/s  " +
                          $"p50 {inProcess.Slices.Average(s => s.P50Ms),7:0.0} ms  p99 {inProcess.Slices.Average(s => s.P99Ms),7:0.0} ms");
        Console.WriteLine($"    in process {inProcess.Cpu!.DescribePerItem(inProcess.Slices.Sum(s => s.Count), "route")}");
        results.Add(BenchResult.AtLeast("routes/evacuation vs the planner in process (no HTTP)", "req/s", routeHttp, planned, 0.8,
            "≥ 0.8× in process"));
        return results;
    }

    /// <summary>Replaces the bench database's data with the demo data (<c>Minato.Server demo load</c>), as <c>./minato demo</c>
    /// loads it; other benches leave synthetic or Shibuya rows behind.</summary>
    private static async Task LoadDemoAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using (var db = GisDataSource.Create(context.ConnectionString))
        {
            await db.ExecAsync("TRUNCATE gis.roads, gis.road_nodes CASCADE", cancellationToken: cancellationToken);
            await db.ExecAsync("DELETE FROM gis.facilities WHERE source = 'synthetic-bench'", cancellationToken: cancellationToken);
            await db.ExecAsync("DELETE FROM gis.hazard_areas WHERE source = 'synthetic-bench'", cancellationToken: cancellationToken);
        }

        var watch = Stopwatch.StartNew();
        var env = new Dictionary<string, string> { ["MINATO_DB"] = context.ConnectionString };
        await ExternalTool.RequireAsync("dotnet", [context.ServerDll, "demo", "load"], env, cancellationToken);
        BenchContext.Log($"demo data loaded in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Points spread over the ward's box (seeded), kept when inside the ward's boundary.</summary>
    private static async Task<List<(double Lon, double Lat)>> PointsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        var e = Ward.Extent;
        var points = new List<(double, double)>();
        for (var tries = 0; points.Count < 2 * Points && tries < 20 * Points; tries++)
        {
            var lon = Math.Round(e.MinX + (random.NextDouble() * e.Width), 6);
            var lat = Math.Round(e.MinY + (random.NextDouble() * e.Height), 6);
            var inside = await db.ScalarAsync("SELECT EXISTS (SELECT 1 FROM gis.boundary WHERE ST_Intersects(geom, " +
                                              "ST_SetSRID(ST_MakePoint($1, $2), 6668)))", [lon, lat], cancellationToken);
            if (inside is true)
            {
                points.Add((lon, lat));
            }
        }

        return points;
    }

    /// <summary>One request per point: its path and the sites statements the endpoint runs for it (<see cref="HazardReportSource"/>:
    /// location, hazards and boring always, then the sites per hazard kind found, the fallback flag's after an empty primary).</summary>
    private static async Task<List<Request>> HazardWorkloadAsync(NpgsqlDataSource db, List<(double Lon, double Lat)> points,
        CancellationToken cancellationToken)
    {
        var source = new HazardReportSource(db);
        var requests = new List<Request>();
        foreach (var (lon, lat) in points.Take(Points))
        {
            var result = await source.GetAsync(lon, lat, cancellationToken);
            var report = result.Report ?? throw new InvalidOperationException($"({lon}, {lat}): {result.Reason}");
            var sites = new List<string>();
            foreach (var choice in report.Evacuation)
            {
                if (choice.IsFallback)
                {
                    sites.Add(HazardKind.Find(choice.Hazard)!.SuitabilityColumn);
                }

                sites.Add(choice.Suitability);
            }

            requests.Add(new Request(Invariant($"/api/hazards/at?lon={lon}&lat={lat}"), sites, null, (lon, lat, RouteMode.Walk), 0));
        }

        return requests;
    }

    /// <summary>
    /// The hazard report's statements as ONE pgbench script (each statement prepared once per connection, as a server with
    /// prepared statements would): a random request index, its point by \set arithmetic, the three statements every request
    /// runs, and each sites statement under \if for the requests that run it.
    /// </summary>
    private static string HazardScript(List<Request> requests)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"\\set i random(0, {requests.Count - 1})"));
        sb.AppendLine("\\set lon " + Case(requests, r => r.From.Lon));
        sb.AppendLine("\\set lat " + Case(requests, r => r.From.Lat));
        static string Point(string sql) =>
            sql.Replace("$1", ":lon", StringComparison.Ordinal).Replace("$2", ":lat", StringComparison.Ordinal) + ";";
        sb.AppendLine(Point(HazardReportSource.LocationSql)).AppendLine(Point(HazardReportSource.HazardsSql))
            .AppendLine(Point(HazardReportSource.BoringSql));
        foreach (var column in requests.SelectMany(r => r.Sites).Distinct(StringComparer.Ordinal))
        {
            Guarded(sb, requests, r => r.Sites.Contains(column), Point(HazardReportSource.SitesSql[column]));
        }

        return sb.ToString();
    }

    /// <summary>One request per point that has a route (a hazard per point in turn, every fifth for a wheelchair), with the
    /// lines of its routes (stored in <c>public.bench_public_routes</c> for the baseline's crossing statements).</summary>
    private static async Task<List<Request>> RouteWorkloadAsync(NpgsqlDataSource db, RoutePlanner planner,
        List<(double Lon, double Lat)> points, CancellationToken cancellationToken)
    {
        await db.ExecAsync("""
            CREATE TABLE IF NOT EXISTS public.bench_public_routes (i int, rank int, line geometry(LineString, 6668), PRIMARY KEY (i, rank));
            TRUNCATE public.bench_public_routes
            """, cancellationToken: cancellationToken);
        var requests = new List<Request>();
        var refused = 0;
        for (var i = 0; i < points.Count && requests.Count < Points; i++)
        {
            var (lon, lat) = points[i];
            var weights = HazardWeights.All[i % HazardWeights.All.Count];
            var mode = i % 5 == 4 ? RouteMode.Wheelchair : RouteMode.Walk;
            var result = await planner.EvacuationAsync(lon, lat, weights.Hazard, mode, cancellationToken);
            if (result.Refusal != RouteRefusal.None)
            {
                refused++;
                continue;
            }

            foreach (var route in result.Routes)
            {
                await db.ExecAsync("INSERT INTO public.bench_public_routes VALUES ($1, $2, $3)", [requests.Count, route.Rank, route.Line],
                    cancellationToken);
            }

            var m = mode == RouteMode.Wheelchair ? "wheelchair" : "walk";
            requests.Add(new Request(Invariant($"/api/routes/evacuation?from={lon},{lat}&hazard={weights.Hazard}&mode={m}"), [],
                weights.Hazard, (lon, lat, mode), result.Routes.Count));
        }

        BenchContext.Log($"routes: {refused} of the points tried have no route (422: off the network or isolated), left out");
        return requests;
    }

    /// <summary>
    /// The route endpoint's statements as ONE pgbench script: a random request index, the layer versions, then under \if
    /// for the request's hazard its open suitable sites and, for a hazard with an area kind, the crossings of each route
    /// found — the route's line read by primary key from <c>public.bench_public_routes</c> inside the statement (the
    /// server passes it as a parameter; the lookup is the baseline's only extra work).
    /// </summary>
    private static string RouteScript(List<Request> requests)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"\\set i random(0, {requests.Count - 1})"));
        sb.Append(RoadGraph.VersionsSql).AppendLine(";");
        foreach (var weights in HazardWeights.All)
        {
            var mine = requests.Where(r => r.Hazard == weights.Hazard).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var body = new StringBuilder();
            body.Append(RoutePlanner.SitesSql[weights.Hazard]).AppendLine(";");
            for (var rank = 1; weights.AreaKind is { } kind && rank <= mine.Max(r => r.Routes); rank++)
            {
                var crossings = RoutePlanner.CrossingsSql.Replace("$1", $"'{kind}'", StringComparison.Ordinal).Replace("$2",
                    Invariant($"(SELECT line FROM public.bench_public_routes WHERE i = :i AND rank = {rank})"), StringComparison.Ordinal);
                var atLeast = rank;
                Guarded(body, requests, r => r.Hazard == weights.Hazard && r.Routes >= atLeast, crossings + ";");
            }

            sb.AppendLine("\\if " + Condition(requests, r => r.Hazard == weights.Hazard));
            sb.Append(body);
            sb.AppendLine("\\endif");
        }

        return sb.ToString();
    }

    /// <summary>A pgbench CASE mapping the request index :i to a number of each request.</summary>
    private static string Case(List<Request> requests, Func<Request, double> value) =>
        "case " + string.Concat(requests.Select((r, i) => Invariant($"when :i = {i} then {value(r)} "))) + "end";

    /// <summary>"(:i = 3) or (:i = 7)": the requests for which <paramref name="when"/> holds.</summary>
    private static string Condition(List<Request> requests, Func<Request, bool> when) =>
        string.Join(" or ", requests.Select((r, i) => (r, i)).Where(p => when(p.r)).Select(p => Invariant($"(:i = {p.i})")));

    /// <summary>Appends a statement, under \if unless every request runs it.</summary>
    private static void Guarded(StringBuilder sb, List<Request> requests, Func<Request, bool> when, string statement)
    {
        if (requests.All(when))
        {
            sb.AppendLine(statement);
            return;
        }

        sb.AppendLine("\\if " + Condition(requests, when)).AppendLine(statement).AppendLine("\\endif");
    }

    /// <summary>Every stay facility accepting (no row is "not opened": the nearest list would be empty), with supplies.</summary>
    private const string OpenStayFacilitiesSql = """
        INSERT INTO ops.stay_facility_status (facility_id, status, accepted, water, food, blankets, toilets, power, wifi, updated_at,
                                              updated_by)
        SELECT id, 'accepting', (id % 50)::int, true, true, true, true, true, true, now(), 'bench'
        FROM gis.facilities WHERE kind = 'stay_facility'
        ON CONFLICT (facility_id) DO UPDATE SET status = 'accepting'
        """;

    /// <summary>The station page's request, one per station (<see cref="StayStations"/>).</summary>
    private static List<Request> StayWorkload() => StayStations.All
        .Select(s => new Request($"/api/stay-facilities/nearest?station={s.Id}", [], null, (s.Lon, s.Lat, RouteMode.Walk), 0)).ToList();

    /// <summary>The station page's statements (<see cref="StayFacilityStore.NearestAsync"/>: every facility with its state,
    /// the distances in process — straight line: no walking distance is registered — then the water points), the same for
    /// every station. The facility filter is SQL NULL, as the server passes it.</summary>
    private static string StayScript() =>
        StayFacilityStore.SelectSql.Replace("$1", "NULL", StringComparison.Ordinal) + ";\n" + StayFacilityStore.WaterPointsSql + ";\n";

    /// <summary>A wrk script posting a new household per request (a unique name: thread id and counter), as the check-in page.</summary>
    private const string RegistrationWrkScript = """
        -- generated by Minato.Bench (public): one new registration per request
        local threads = 0
        function setup(thread) threads = threads + 1; thread:set("id", threads) end
        local headers = { ["Content-Type"] = "application/json" }
        local counter = 0
        function request()
          counter = counter + 1
          local body = string.format('{"name":"ベンチ 太郎 %d-%d","kana":"べんち たろう","members":[{"name":"ベンチ 花子","kana":' ..
            '"べんち はなこ"}],"needs":{"wheelchair":0,"infants":1,"pets":0,"medical":0,"language":"English"},"consent":true}',
            id or 0, counter)
          return wrk.format("POST", "/api/public/evacuees", headers, body)
        end
        """;

    /// <summary>
    /// The registration's statements (<see cref="CheckInStore.RegisterAsync"/>): in one transaction, the household's row (a
    /// fresh 32-byte token hash each time) and its audit row (<see cref="Minato.Audit.AuditLog"/>, whose trigger chains the
    /// hash), with the values the wrk body gives.
    /// </summary>
    private static string RegistrationSql()
    {
        string[] values =
        [
            "sha256(convert_to(:client_id || '-' || :n || '-' || clock_timestamp(), 'UTF8'))", "'ベンチ 太郎 ' || :n", "'べんち たろう'",
            "NULL", """'[{"name": "ベンチ 花子", "kana": "べんち はなこ"}]'::jsonb""", "2", "0", "1", "0", "0", "'English'", "true",
            "ARRAY['ベンチ 太郎 ' || :n, 'べんちたろう', 'ベンチ 花子', 'べんちはなこ']", "NULL", "false", "now()", "'public'",
        ];
        var insert = System.Text.RegularExpressions.Regex.Replace(CheckInStore.InsertSql, @"\$(\d+)",
            m => values[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1]);
        string[] audit = ["'public'", "'public'", "'evacuee.register'", "'evacuee'", ":id",
                          """'{"householdSize": 2, "consent": true, "walkIn": false}'::jsonb"""];
        var log = System.Text.RegularExpressions.Regex.Replace(Minato.Audit.AuditLog.InsertSql, @"\$(\d+)",
            m => audit[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1]);
        // A colon before a letter is a pgbench variable: the JSON literals have a space after theirs.
        return $"\\set n random(1, 1000000000)\nBEGIN;\n{insert.TrimEnd()} \\gset\n{log};\nCOMMIT;\n";
    }

    private static async Task CheckRegistrationAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var body = new StringContent("""{"name":"ベンチ 確認","kana":"べんち かくにん","consent":false}""", Encoding.UTF8,
            "application/json");
        using var response = await http.PostAsync("/api/public/evacuees", body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/public/evacuees: {(int)response.StatusCode} " +
                                                $"{await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Every request once: each must answer 200 before anything is timed.</summary>
    private static async Task CheckAsync(ServerProcess server, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var path in paths)
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode} " +
                                                    $"{await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    /// <summary>pgbench's clients: 200, or as many as the cluster's max_connections leaves free (minus the superuser reserve,
    /// the connections open now and a margin of 3), once the server's and this process's pools have closed their idle
    /// connections to the bench database — no connection idle for less than 4 s is left (the pools close theirs after 2 s
    /// idle, pruned every second; what stays idle longer are the server's listeners) — waited for on that condition with a
    /// deadline (the project's one way to wait, <see cref="Wait"/>).</summary>
    private static async Task<int> PgbenchClientsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        db.Clear();
        var (_, free) = await Wait.ForAsync(
            async () => (await db.QueryAsync("""
                SELECT (SELECT count(*) FROM pg_stat_activity
                        WHERE backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()
                          AND state = 'idle' AND state_change > now() - interval '4 seconds')::int,
                       current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
                       - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int
                """, null, r => (Idle: r.GetInt32(0), Free: r.GetInt32(1)), cancellationToken))[0],
            p => p.Idle == 0, TimeSpan.FromSeconds(30),
            p => $"the pools' idle connections to the bench database to close ({p.Idle} idle < 4 s still open)", cancellationToken);
        return Math.Min(Clients, free - 3);
    }

    private static async Task WarmUpAsync(NpgsqlDataSource db, ServerProcess server, Measured m, CancellationToken cancellationToken)
    {
        db.Clear();
        for (var slice = 1; slice <= 4; slice++)
        {
            var before = server.JitTicks();
            await Wrk.RunAsync(server.BaseAddress, m.Lua, Threads, Clients, WarmUp, cancellationToken, Timeout);
            var jit = (server.JitTicks() - before) / WarmUp.TotalSeconds;
            BenchContext.Log($"warm-up {m.Name} {slice}: tiered JIT used {jit:0.0} % of a core");
            if (jit < 3)
            {
                return;
            }
        }
    }

    private static Wrk.Result Checked(Wrk.Result result, string name) =>
        result.Non2xx > 0 || result.SocketErrors > 0
            ? throw new InvalidOperationException($"wrk ({name}) saw {result.Non2xx} non-2xx responses and {result.SocketErrors} " +
                                                  $"socket errors:\n{result.Raw}")
            : result;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A request of the workload: its path, the point, and what decides its statements: (hazards) the sites
    /// columns it queries, (routes) the hazard and the number of routes found.</summary>
    private sealed record Request(string Path, IReadOnlyList<string> Sites, string? Hazard, (double Lon, double Lat, RouteMode Mode) From,
        int Routes);

    /// <summary>One endpoint's workload (a wrk script, pgbench scripts) and what was measured of it.</summary>
    private sealed class Measured(string name, string wrkScript, IReadOnlyList<(string Label, string Sql)> pgbenchScripts, string folder)
    {
        public string Name => name;

        public string Lua { get; } = Path.Combine(folder, name.Replace('/', '-') + ".lua");

        public List<(string File, int Weight)> Scripts { get; } = [];

        public List<Pgbench.Result> Pg { get; } = [];

        public List<Wrk.Result> Http { get; } = [];

        public CpuUse? PgCpu { get; set; }

        public CpuUse? HttpCpu { get; set; }

        public async Task WriteAsync(CancellationToken cancellationToken)
        {
            await File.WriteAllTextAsync(Lua, wrkScript, cancellationToken);
            for (var i = 0; i < pgbenchScripts.Count; i++)
            {
                var file = Path.Combine(folder, Invariant($"{name.Replace('/', '-')}-{i}.sql"));
                var (label, sql) = pgbenchScripts[i];
                await File.WriteAllTextAsync(file, $"-- generated by Minato.Bench (public): {label}\n{sql}", cancellationToken);
                Scripts.Add((file, 1));
            }
        }
    }

    /// <summary>A wrk script requesting the paths in random order (seeded per thread), each request formatted once.</summary>
    private static string WrkScript(IEnumerable<string> paths)
    {
        var sb = new StringBuilder();
        sb.AppendLine("-- generated by Minato.Bench (public): the fixed request list, picked at random per request");
        sb.AppendLine("local paths = {");
        foreach (var p in paths)
        {
            sb.Append("  \"").Append(p).AppendLine("\",");
        }

        sb.AppendLine("}");
        sb.AppendLine("local n = #paths");
        sb.AppendLine("local threads = 0");
        sb.AppendLine("function setup(thread) threads = threads + 1; thread:set(\"id\", threads) end");
        sb.AppendLine("local reqs = {}");
        sb.AppendLine("function init(args)");
        sb.AppendLine("  math.randomseed(7919 * (id or 1))");
        sb.AppendLine("  for i, p in ipairs(paths) do reqs[i] = wrk.format(\"GET\", p) end");
        sb.AppendLine("end");
        sb.AppendLine("function request() return reqs[math.random(n)] end");
        return sb.ToString();
    }

    /// <summary>The second reference of the route endpoint: the planner (its SQL and the Dijkstra on the in-process graph)
    /// called by <see cref="Clients"/> concurrent callers in this process, without HTTP or JSON.</summary>
    private sealed class InProcessRoutes(RoutePlanner planner, List<Request> requests)
    {
        public List<PlannerSlice> Slices { get; } = [];

        public CpuUse? Cpu { get; set; }

        public async Task<PlannerSlice> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
        {
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var latencies = new List<double>[Clients];
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(7919 * (c + 1));
                var mine = latencies[c] = [];
                while (Stopwatch.GetTimestamp() < until)
                {
                    var r = requests[random.Next(requests.Count)];
                    var t = Stopwatch.GetTimestamp();
                    var result = await planner.EvacuationAsync(r.From.Lon, r.From.Lat, r.Hazard!, r.From.Mode, cancellationToken);
                    mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (result.Refusal != RouteRefusal.None)
                    {
                        throw new InvalidOperationException($"{r.Path}: {result.Reason}");
                    }
                }
            }, cancellationToken)));
            var all = latencies.SelectMany(l => l).ToList();
            return new PlannerSlice(all.Count, all.Count / watch.Elapsed.TotalSeconds, Percentiles.Of(all, 0.5), Percentiles.Of(all, 0.99));
        }
    }

    private sealed record PlannerSlice(long Count, double PerSecond, double P50Ms, double P99Ms);
}
