using Microsoft.Extensions.Options;
using Minato.Gis.Routing;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Tests.Routing;

/// <summary>
/// Evacuation and point-to-point routes on the real Shibuya network, with pgr_dijkstra as the oracle. Sites stand on road
/// nodes so the oracle's node-to-node length is the route's length. Tests of a class run one after another; each removes
/// its sites and unblocks its roads.
/// </summary>
public sealed class RoutePlannerTests(ShibuyaNetworkFixture shibuya) : IClassFixture<ShibuyaNetworkFixture>, IAsyncLifetime
{
    private RoutePlanner Planner { get; } = new(shibuya.DataSource, Options.Create(new RoutingOptions()));

    public async ValueTask InitializeAsync() => await Reset();

    public async ValueTask DisposeAsync() => await Reset();

    private Task Reset() => shibuya.Database.ExecuteAsync("""
        DELETE FROM gis.facilities WHERE source = 'route-test';
        DELETE FROM gis.hazard_areas WHERE source = 'route-test';
        UPDATE gis.roads SET blocked = false WHERE blocked;
        """);

    [Fact]
    public async Task Evacuation_RealShibuya_NearestSiteByNetworkAndAlternativesMatchPgrDijkstra()
    {
        var (origin, sites) = await Scenario();

        var result = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk);

        Assert.Equal(RouteRefusal.None, result.Refusal);
        var expected = await OracleOrder(origin.Node, sites);
        Assert.Equal(3, result.Routes.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Name, result.Routes[i].Site!.Name);
            Assert.InRange(result.Routes[i].LengthM, expected[i].Length - 1, expected[i].Length + 1);
            Assert.Equal(Math.Round(result.Routes[i].LengthM / 1.0), result.Routes[i].WalkingTimeS);
        }

        Assert.Equal(origin.Lon, result.Routes[0].Line.Coordinates[0].X, 9);
    }

    [Fact]
    public async Task Evacuation_RoadOnTheRouteBlocked_NextRequestRoutesAroundIt()
    {
        var (origin, _) = await Scenario();
        var before = (await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk)).Routes[0];
        var blocked = await shibuya.Database.ScalarAsync<long>($"""
            SELECT id FROM gis.roads WHERE ST_Covers(ST_Buffer(ST_GeomFromText('{before.Line.AsText()}', 6668), 1e-7), geom)
            ORDER BY length_m DESC LIMIT 1
            """);

        await shibuya.Database.ExecuteAsync($"UPDATE gis.roads SET blocked = true WHERE id = {blocked}");
        var after = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk);

        var oracle = await OracleOrder(origin.Node, (await Scenario(insert: false)).Sites);
        Assert.Equal(oracle[0].Name, after.Routes[0].Site!.Name);
        Assert.InRange(after.Routes[0].LengthM, oracle[0].Length - 1, oracle[0].Length + 1);
        Assert.True(after.Routes[0].LengthM > before.LengthM || after.Routes[0].Site!.Name != before.Site!.Name);
        Assert.False(after.Routes[0].Line.Intersection(await Road(blocked)).Length > 1e-6, "the blocked road is not walked along");
    }

    [Fact]
    public async Task Evacuation_NearestSiteCloses_DestinationChanges()
    {
        var (origin, sites) = await Scenario();
        var expected = await OracleOrder(origin.Node, sites);

        await shibuya.Database.ExecuteAsync($"UPDATE gis.facilities SET is_open = false WHERE name = '{expected[0].Name}'");
        var closed = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk);
        // A shelter closed by operations (ops.shelter_status) is no destination either.
        await shibuya.Database.ExecuteAsync($"""
            INSERT INTO ops.shelter_status (facility_id, open, closed_at, updated_at, updated_by)
            SELECT id, false, now(), now(), 'test' FROM gis.facilities WHERE name = '{expected[1].Name}'
            """);
        var twice = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk);

        Assert.Equal(expected[1].Name, closed.Routes[0].Site!.Name);
        Assert.Equal(expected[2].Name, twice.Routes[0].Site!.Name);
        Assert.DoesNotContain(twice.Routes, r => r.Site!.Name == expected[0].Name || r.Site!.Name == expected[1].Name);
    }

    [Fact]
    public async Task Evacuation_ForbiddenFloodAreaOnTheWay_AvoidedAndOtherwiseListed()
    {
        var (origin, sites) = await Scenario();
        var free = (await Planner.EvacuationAsync(origin.Lon, origin.Lat, "flood", RouteMode.Walk)).Routes[0];
        // A 3–5 m flood area (rank 3: forbidden) over the middle of the free route, away from the start.
        var middle = free.Line.Coordinates[free.Line.NumPoints / 2];
        await shibuya.Database.ExecuteAsync($"""
            INSERT INTO gis.hazard_areas (kind, rank, rank_label, source, source_id, valid_from, geom)
            VALUES ('flood', 3, '3.0–5.0 m', 'route-test', 'deep', '2024-01-01',
                    ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint({middle.X}, {middle.Y}), 6668), 0.0004)))
            """);
        var startsInside = await shibuya.Database.ScalarAsync<bool>($"""
            SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint({origin.Lon}, {origin.Lat}), 6668))
            FROM gis.hazard_areas WHERE source = 'route-test'
            """);
        Assert.False(startsInside, "the test area must not cover the start");

        var result = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "flood", RouteMode.Walk);

        var expected = await OracleOrder(origin.Node, sites,
            "NOT ST_Intersects(geom, (SELECT geom FROM gis.hazard_areas WHERE source = ''route-test''))");
        Assert.Equal(expected[0].Name, result.Routes[0].Site!.Name);
        Assert.InRange(result.Routes[0].LengthM, expected[0].Length - 1, expected[0].Length + 1);
        Assert.Empty(result.Routes[0].HazardAreas);
    }

    [Fact]
    public async Task PointToPoint_AcrossSteps_WheelchairAvoidsThemWalkerTakesThem()
    {
        // A flight of steps whose ends are connected otherwise too (pgRouting finds a detour without steps).
        var pair = await shibuya.Database.ScalarAsync<string>("""
            SELECT concat_ws(',', s.source_node, s.target_node, ST_X(ST_StartPoint(s.geom)), ST_Y(ST_StartPoint(s.geom)),
                             ST_X(ST_EndPoint(s.geom)), ST_Y(ST_EndPoint(s.geom)))
            FROM gis.roads s
            WHERE s.steps AND s.foot AND s.length_m > 10 AND EXISTS (SELECT 1 FROM pgr_dijkstra(
                'SELECT id, source_node AS source, target_node AS target, length_m AS cost, length_m AS reverse_cost
                 FROM gis.roads WHERE foot AND NOT steps', s.source_node, s.target_node, directed => false))
            ORDER BY s.id LIMIT 1
            """);
        var p = pair.Split(',');
        var (a, b) = (long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[1],
            System.Globalization.CultureInfo.InvariantCulture));
        var c = p[2..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var walk = await Planner.PointToPointAsync(c[0], c[1], c[2], c[3], RouteMode.Walk);
        var wheelchair = await Planner.PointToPointAsync(c[0], c[1], c[2], c[3], RouteMode.Wheelchair);

        var withSteps = (await shibuya.PgrDijkstraAsync(a, b))!.Value;
        var withoutSteps = (await shibuya.PgrDijkstraAsync(a, b, "NOT steps"))!.Value;
        Assert.InRange(walk.Routes[0].LengthM, withSteps - 1, withSteps + 1);
        Assert.NotEmpty(walk.Routes[0].Steps);
        Assert.InRange(wheelchair.Routes[0].LengthM, withoutSteps - 1, withoutSteps + 1);
        Assert.Empty(wheelchair.Routes[0].Steps);
        Assert.Equal(Math.Round(wheelchair.Routes[0].LengthM / 0.7), wheelchair.Routes[0].WalkingTimeS);
    }

    [Fact]
    public async Task Evacuation_NoRoute_RefusedWithTheReason()
    {
        var (origin, _) = await Scenario();

        var offNetwork = await Planner.EvacuationAsync(139.60, 35.60, "fire", RouteMode.Walk);
        var noSite = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "tsunami", RouteMode.Walk);
        var startEdge = await shibuya.Database.ScalarAsync<long>(
            $"SELECT id FROM gis.roads WHERE foot AND {origin.Node} IN (source_node, target_node) ORDER BY id LIMIT 1");
        await shibuya.Database.ExecuteAsync($"UPDATE gis.roads SET blocked = true WHERE id <> {startEdge}");
        var isolated = await Planner.EvacuationAsync(origin.Lon, origin.Lat, "fire", RouteMode.Walk);

        Assert.Equal(RouteRefusal.OffNetwork, offNetwork.Refusal);
        Assert.Equal(RouteRefusal.NoSite, noSite.Refusal);
        Assert.Equal(RouteRefusal.Isolated, isolated.Refusal);
        Assert.Contains("blocked roads", isolated.Reason, StringComparison.Ordinal);
    }

    private const string TestChome = "1310399999";

    [Fact]
    public async Task Isolated_RoadsAroundAChomeBlocked_AppearsWithResidentsAndClears()
    {
        var (origin, _) = await Scenario();
        // A made-up 町丁目 around the origin (a key code no real 町丁目 has).
        await shibuya.Database.ExecuteAsync($"""
            DELETE FROM gis.chome WHERE key_code = '{TestChome}';
            INSERT INTO gis.chome (key_code, name, population, households, district, source, geom)
            VALUES ('{TestChome}', '試験一丁目', 1234, 600, 'shiba', 'route-test',
                ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint({origin.Lon}, {origin.Lat}), 6668), 0.00005)));
            """);
        var startEdge = await shibuya.Database.ScalarAsync<long>(
            $"SELECT id FROM gis.roads WHERE foot AND {origin.Node} IN (source_node, target_node) ORDER BY id LIMIT 1");

        var open = await Planner.IsolatedAsync("fire");
        await shibuya.Database.ExecuteAsync($"UPDATE gis.roads SET blocked = true WHERE id <> {startEdge}");
        var cut = await Planner.IsolatedAsync("fire");
        await shibuya.Database.ExecuteAsync("UPDATE gis.roads SET blocked = false WHERE blocked");
        var again = await Planner.IsolatedAsync("fire");

        Assert.DoesNotContain(open!, c => c.KeyCode == TestChome);
        var isolated = Assert.Single(cut!, c => c.KeyCode == TestChome);
        Assert.Equal((1234, 600, "isolated"), (isolated.Population, isolated.Households, isolated.Reason));
        Assert.DoesNotContain(again!, c => c.KeyCode == TestChome);
    }

    [Fact]
    public async Task Isolated_NoOpenSiteForTheHazard_SaidAsNoSite_NotAsRoadsCut()
    {
        var (origin, _) = await Scenario();
        await shibuya.Database.ExecuteAsync($"""
            DELETE FROM gis.chome WHERE key_code = '{TestChome}';
            INSERT INTO gis.chome (key_code, name, population, households, district, source, geom)
            VALUES ('{TestChome}', '試験一丁目', 1234, 600, 'shiba', 'route-test',
                ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint({origin.Lon}, {origin.Lat}), 6668), 0.00005)));
            """);
        var fireSites = await shibuya.Database.ScalarAsync<long[]>(
            "SELECT coalesce(array_agg(id), '{}') FROM gis.facilities WHERE suits_fire AND is_open");
        Assert.NotEmpty(fireSites);
        try
        {
            var withSites = await Planner.IsolatedAsync("fire");
            await shibuya.Database.ExecuteAsync("UPDATE gis.facilities SET is_open = false WHERE suits_fire");
            var without = await Planner.IsolatedAsync("fire");

            Assert.DoesNotContain(withSites!, c => c.KeyCode == TestChome);
            Assert.Equal("no_site", Assert.Single(without!, c => c.KeyCode == TestChome).Reason);
            Assert.DoesNotContain(without!, c => c.Reason == "isolated");
        }
        finally
        {
            await shibuya.Database.ExecuteAsync($"UPDATE gis.facilities SET is_open = true WHERE id IN ({string.Join(',', fireSites)})");
        }
    }

    private sealed record Spot(long Node, double Lon, double Lat);

    private sealed record Ranked(string Name, double Length);

    /// <summary>An origin and five fire-suitable sites on road nodes of the largest connected part, ~300–1500 m away.</summary>
    private async Task<(Spot Origin, IReadOnlyList<(string Name, long Node)> Sites)> Scenario(bool insert = true)
    {
        var origin = await NodeAt(139.7016, 35.6590); // near Shibuya station's Hachikō exit
        var sites = new List<(string, long)>();
        var spots = new[] { (139.7040, 35.6620), (139.6990, 35.6610), (139.7060, 35.6575), (139.6975, 35.6565), (139.7080, 35.6630) };
        for (var i = 0; i < spots.Length; i++)
        {
            var n = await NodeAt(spots[i].Item1, spots[i].Item2);
            sites.Add(($"site-{i}", n.Node));
            if (insert)
            {
                await shibuya.Database.ExecuteAsync($"""
                    INSERT INTO gis.facilities (kind, source, source_id, name, suits_fire, suits_flood, geom)
                    VALUES ('{(i % 2 == 0 ? "evacuation_site" : "shelter")}', 'route-test', 's{i}', 'site-{i}', true, true,
                            ST_SetSRID(ST_MakePoint({n.Lon}, {n.Lat}), 6668))
                    """);
            }
        }

        return (origin, sites);
    }

    /// <summary>The walkable road node nearest a position, among nodes with at least three roads (a real junction).</summary>
    private async Task<Spot> NodeAt(double lon, double lat)
    {
        var text = await shibuya.Database.ScalarAsync<string>($"""
            SELECT concat_ws(',', n.id, ST_X(n.geom), ST_Y(n.geom)) FROM gis.road_nodes n
            WHERE (SELECT count(*) FROM gis.roads r WHERE r.foot AND NOT r.steps AND n.id IN (r.source_node, r.target_node)) >= 3
            ORDER BY n.geom <-> ST_SetSRID(ST_MakePoint({lon}, {lat}), 6668) LIMIT 1
            """);
        var p = text.Split(',');
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return new Spot(long.Parse(p[0], inv), double.Parse(p[1], inv), double.Parse(p[2], inv));
    }

    private async Task<List<Ranked>> OracleOrder(long origin, IReadOnlyList<(string Name, long Node)> sites, string filter = "true")
    {
        var ranked = new List<Ranked>();
        foreach (var (name, node) in sites)
        {
            if (await shibuya.PgrDijkstraAsync(origin, node, filter) is { } length)
            {
                ranked.Add(new Ranked(name, length));
            }
        }

        return [.. ranked.OrderBy(r => r.Length)];
    }

    private async Task<Geometry> Road(long id) =>
        new NetTopologySuite.IO.WKTReader().Read(await shibuya.Database.ScalarAsync<string>(
            $"SELECT ST_AsText(geom) FROM gis.roads WHERE id = {id}"));
}
