using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>Roads from OSM XML: the real Nerima extract and the hand-made tiny sample. Each test writes its own source.</summary>
public sealed class OsmRoadImportTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private Task<ImportResult> Import(string path, string source) =>
        ImportTestKit.Importer(fixture.Database).ImportAsync("roads", path, new ImportOptions { Source = source });

    [Fact]
    public async Task Import_RealNerimaExtract_Every687HighwayWayStored()
    {
        var r = await Import(TestEnvironment.RequireSharedFile("roads/osm_nerima_sample.osm"), "t-nerima");

        Assert.True(r.Succeeded, ImportTestKit.Describe(r));
        // 751 ways: 687 tagged highway, 64 others (buildings, landuse, railway …); the 687 split at shared nodes into 1 596 rows.
        Assert.Equal((751, 1596, 64, 0), (r.Read, r.Inserted, r.Skipped, r.Rejected));
        Assert.Equal("687|32|12|0", await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws('|', count(*), count(*) FILTER (WHERE oneway), count(width_m), count(*) FILTER (WHERE NOT valid))
            FROM (SELECT split_part(source_id, '#', 1), bool_or(oneway) AS oneway, max(width_m) AS width_m,
                         bool_and(ST_IsValid(geom)) AS valid
                  FROM gis.roads WHERE source = 't-nerima' GROUP BY 1) ways
            """));
        Assert.Equal("環七通り (Kannana dori)", await fixture.Database.ScalarAsync<string>(
            "SELECT min(name) FROM gis.roads WHERE source = 't-nerima' AND name LIKE '環七%' AND road_class = 'secondary'"));
    }

    [Fact]
    public async Task Reimport_RealNerimaExtract_AllUnchanged()
    {
        await Import(TestEnvironment.RequireSharedFile("roads/osm_nerima_sample.osm"), "t-nerima-2");

        var again = await Import(TestEnvironment.RequireSharedFile("roads/osm_nerima_sample.osm"), "t-nerima-2");

        Assert.Equal((0, 0, 1596), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(1596, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE source = 't-nerima-2'"));
    }

    [Fact]
    public async Task Import_TinySample_MappingAndMissingNodesReported()
    {
        var r = await Import(ImportTestKit.Sample("minato_tiny_sample.osm"), "t-tiny");

        Assert.Equal((6, 3, 1, 2), (r.Read, r.Inserted, r.Skipped, r.Rejected));
        Assert.Equal("way 103", $"{r.Errors[0].Unit} {r.Errors[0].Number}");
        Assert.Contains("node 999", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal(105, r.Errors[1].Number);
        // lanes=4 → 12 m; emergency_route=primary → true; oneway=-1 reversed (starts at node 4); width "4.5 m".
        Assert.Equal("サンプル通り|primary|12|f|t",
            await Row("way/101", "concat_ws('|', name, road_class, width_m, oneway, emergency_route)"));
        Assert.Equal("4.5|t|POINT(139.748 35.642)",
            await Row("way/102", "concat_ws('|', width_m, oneway, ST_AsText(ST_StartPoint(geom)))"));
        Assert.Equal("footway|t", await Row("way/106", "concat_ws('|', road_class, oneway)"));
    }

    [Fact]
    public async Task Import_MalformedXml_FatalWithLineAndNothingStored()
    {
        var r = await Import(ImportTestKit.Sample("malformed_sample.osm"), "t-bad");

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("malformed XML at line 5", r.FatalError, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE source = 't-bad'"));
    }

    private Task<string> Row(string sourceId, string expression) =>
        fixture.Database.ScalarAsync<string>($"SELECT {expression} FROM gis.roads WHERE source = 't-tiny' AND source_id = '{sourceId}'");
}
