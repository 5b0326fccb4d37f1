using Minato.Gis.Routing;
using Minato.Gis.Tests.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Routing;

/// <summary>The routable graph the importers build: noding, pedestrian rules, and the engine against pgr_dijkstra.</summary>
public sealed class RoadNetworkTests(ShibuyaNetworkFixture shibuya) : IClassFixture<ShibuyaNetworkFixture>
{
    [Fact]
    public async Task Import_RealShibuyaExtract_SplitAtEverySharedNodeAndNowhereElse()
    {
        Assert.True(shibuya.Import.Succeeded, ImportTestKit.Describe(shibuya.Import));
        // No road node lies inside a row: every OSM node shared by two ways became an end point of both. The one exception
        // is where the extract has two distinct OSM nodes at one position (728435740 and 12192494035): not shared, not split.
        Assert.Equal(1, await shibuya.Database.ScalarAsync<long>("""
            SELECT count(*) FROM gis.roads r JOIN gis.road_nodes n ON ST_Intersects(r.geom, n.geom)
            WHERE n.id NOT IN (r.source_node, r.target_node)
              AND EXISTS (SELECT 1 FROM ST_DumpPoints(r.geom) d WHERE d.geom = n.geom)
            """));
        // Bridges and tunnels do cross other roads without a shared node: there the rows cross but share no node.
        Assert.True(await shibuya.Database.ScalarAsync<long>("""
            SELECT count(*) FROM gis.roads a JOIN gis.roads b ON a.id < b.id AND ST_Crosses(a.geom, b.geom)
            WHERE a.source_node NOT IN (b.source_node, b.target_node) AND a.target_node NOT IN (b.source_node, b.target_node)
            """) > 10);
        // Split ways: more rows than the 1 651 highway ways, fewer than their 1 630 kept × 10.
        var rows = await shibuya.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads");
        Assert.InRange(rows, shibuya.Import.Read - shibuya.Import.Skipped + 1, 20_000);
    }

    [Fact]
    public async Task Import_RealShibuyaExtract_PedestrianRules()
    {
        // Motorways and trunk roads without a sidewalk tag are closed to walkers; footways and steps are open.
        Assert.Equal("motorway:f|motorway_link:f|trunk:f|trunk_link:f", await shibuya.Database.ScalarAsync<string>("""
            SELECT string_agg(c, '|' ORDER BY c) FROM (
                SELECT DISTINCT road_class || ':' || left(foot::text, 1) AS c FROM gis.roads
                WHERE road_class IN ('motorway', 'motorway_link', 'trunk', 'trunk_link')) x
            """));
        Assert.True(await shibuya.Database.ScalarAsync<long>(
            "SELECT count(*) FROM gis.roads WHERE road_class = 'footway' AND NOT foot") > 0, "foot=no footways are closed");
        Assert.True(await shibuya.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE steps AND foot") > 100);
    }

    [Fact]
    public async Task Import_HandMadeWays_JunctionsOnlyAtSharedNodesAndTagsRespected()
    {
        // Way 1 and 2 share node 2 (a junction in 1's middle); way 3 is a bridge over way 1 without a shared node.
        var osm = """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="35.650" lon="139.700"/><node id="2" lat="35.650" lon="139.701"/>
              <node id="3" lat="35.650" lon="139.702"/><node id="4" lat="35.651" lon="139.701"/>
              <node id="5" lat="35.649" lon="139.7015"/><node id="6" lat="35.651" lon="139.7015"/>
              <node id="7" lat="35.652" lon="139.701"/>
              <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
              <way id="2"><nd ref="2"/><nd ref="4"/><tag k="highway" v="footway"/><tag k="foot" v="no"/></way>
              <way id="3"><nd ref="5"/><nd ref="6"/><tag k="highway" v="trunk"/><tag k="bridge" v="yes"/></way>
              <way id="4"><nd ref="4"/><nd ref="7"/><tag k="highway" v="service"/><tag k="access" v="no"/><tag k="foot" v="yes"/></way>
              <way id="5"><nd ref="6"/><nd ref="7"/><tag k="highway" v="trunk"/><tag k="sidewalk" v="both"/></way>
            </osm>
            """;
        await using var db = await TestDatabase.CreateAsync();
        var r = await ImportTestKit.Importer(db).ImportAsync("roads", ImportTestKit.ScratchFile("junctions.osm", osm),
            new() { Source = "t" });

        Assert.True(r.Succeeded, ImportTestKit.Describe(r));
        Assert.Equal(
            "way/1#1:t|way/1#2:t|way/2:f|way/3:f|way/4:t|way/5:t",
            await db.ScalarAsync<string>(
                "SELECT string_agg(source_id || ':' || left(foot::text, 1), '|' ORDER BY source_id) FROM gis.roads"));
        // Node 2 joins three rows; the bridge (way 3) meets way 1 nowhere although their lines cross.
        Assert.Equal(3, await db.ScalarAsync<long>("""
            SELECT count(*) FROM gis.roads r, gis.road_nodes n
            WHERE n.geom = ST_SetSRID(ST_MakePoint(139.701, 35.650), 6668) AND n.id IN (r.source_node, r.target_node)
            """));
        Assert.Equal("t|0", await db.ScalarAsync<string>("""
            SELECT concat_ws('|', bool_or(ST_Crosses(a.geom, b.geom)), count(*) FILTER (WHERE
                a.source_node IN (b.source_node, b.target_node) OR a.target_node IN (b.source_node, b.target_node)))
            FROM gis.roads a, gis.roads b WHERE a.source_id = 'way/3' AND b.source_id LIKE 'way/1#%'
            """));
    }

    [Fact]
    public async Task ShortestPaths_RealShibuyaPairs_AgreeWithPgrDijkstraTo1m()
    {
        var graph = await RoadGraph.LoadAsync(shibuya.DataSource);
        var random = new Random(13);
        var compared = 0;
        for (var i = 0; i < 40; i++)
        {
            var a = random.Next(graph.NodeCount);
            var b = random.Next(graph.NodeCount);
            var ours = ShortestPaths.Run(graph, [(a, 0, 0)], _ => 1);
            var oracle = await shibuya.PgrDijkstraAsync(graph.NodeIds[a], graph.NodeIds[b]);
            if (a == b)
            {
                continue;
            }

            if (oracle is null)
            {
                Assert.True(double.IsPositiveInfinity(ours.Cost[b]), $"{a}→{b}: pgRouting finds no path, we found {ours.Cost[b]}");
                continue;
            }

            Assert.InRange(ours.LengthM[b], oracle.Value - 1, oracle.Value + 1);
            compared++;
        }

        Assert.True(compared >= 20, $"only {compared} connected pairs");
    }
}
