using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>What <c>./minato demo</c> loads (data/minato, then data/demo) into a fresh database: every layer, valid, inside the
/// real boundary; the evacuation sites and shelters are the real ones, no invented one is left.</summary>
public sealed class DemoDatasetTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private IReadOnlyList<ImportResult> _first = [];

    public async ValueTask InitializeAsync()
    {
        // Load once per class; the second load in a test must then change nothing.
        if (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary") == 0)
        {
            _first = await DemoDataset.LoadAsync(ImportTestKit.Importer(fixture.Database),
                Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo"));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Load_FreshDatabase_EveryLayerLoadedWithoutRejects()
    {
        Assert.All(_first, r => Assert.True(r.Succeeded && r.Rejected == 0, ImportTestKit.Describe(r)));
        var counts = await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws(',', (SELECT count(*) FROM gis.boundary), (SELECT count(*) FROM gis.districts),
              (SELECT count(*) FROM gis.roads),
                (SELECT count(*) FROM gis.facilities WHERE kind = 'evacuation_site'),
                  (SELECT count(*) FROM gis.facilities WHERE kind = 'shelter'),
                (SELECT count(*) FROM gis.facilities WHERE kind = 'aed'), (SELECT count(*) FROM gis.facilities WHERE kind = 'loudspeaker'),
                (SELECT count(DISTINCT kind) FROM gis.hazard_areas), (SELECT count(*) FROM gis.borings),
                  (SELECT count(*) FROM gis.boring_layers))
            """);
        var n = counts.Split(',').Select(long.Parse).ToArray();
        Assert.Equal(1, n[0]);
        Assert.Equal(5, n[1]);
        Assert.True(n[2] >= 300, $"roads {n[2]}");
        Assert.Equal((61, 83), (n[3], n[4]));
        Assert.All(n[5..7], c => Assert.True(c > 0));
        Assert.Equal(6, n[7]);
        Assert.True(n[8] >= 3 && n[9] > n[8]);
    }

    [Fact]
    public async Task Load_EveryGeometry_ValidInsideTheBoundaryToTenCentimetresAndOnlyDemoLayersLabelledDemo()
    {
        var bad = await fixture.Database.ScalarAsync<long>("""
            -- Coordinates are written with 6 decimals (RFC 7946's ~0.1 m), so "inside" is to 1e-6 degrees.
            WITH b AS (SELECT ST_Buffer(geom, 1e-6) AS g FROM gis.boundary),
            all_rows AS (
                SELECT 'roads' AS t, r.source, r.geom FROM gis.roads r
                UNION ALL SELECT 'facilities', f.source, f.geom FROM gis.facilities f
                UNION ALL SELECT 'hazard_areas', h.source, h.geom FROM gis.hazard_areas h
                UNION ALL SELECT 'borings', o.source, o.geom FROM gis.borings o)
            SELECT count(*) FROM all_rows, b WHERE NOT ST_IsValid(geom) OR NOT ST_CoveredBy(geom, b.g)
            """);

        Assert.Equal(0, bad);
        // Real data keeps its own source; the invented layers are all 'demo'; no invented site or shelter is left.
        Assert.Equal("gsi:evacuation_site,gsi:shelter,tokyo_kyusui_kyoten_minato:water_point", await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(DISTINCT source || ':' || kind, ',' ORDER BY source || ':' || kind) FROM gis.facilities " +
            "WHERE kind IN ('evacuation_site', 'shelter', 'water_point')"));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM gis.roads WHERE source <> 'demo') + (SELECT count(*) FROM gis.hazard_areas WHERE source <> 'demo')
              + (SELECT count(*) FROM gis.borings WHERE source <> 'demo')
              + (SELECT count(*) FROM gis.facilities WHERE kind IN ('aed', 'loudspeaker') AND source <> 'demo')
            """));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary WHERE source <> 'demo' AND " +
            "ST_NumGeometries(geom) = 9 AND ST_IsValid(geom)"));
        // The districts are the real ones, unions of the e-Stat 町丁目 (not demo): their own test is ChomeImportTests.
        Assert.Equal(5, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.districts WHERE source = 'chome'"));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary WHERE source <> 'demo' AND " +
            "ST_IsValid(geom)"));
    }

    [Fact]
    public async Task Load_DistrictsTileTheWard_NoOverlapAndNearlyFullCover()
    {
        var (overlap, uncovered) = (
            await fixture.Database.ScalarAsync<double>("SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) " +
                "FROM gis.districts a JOIN gis.districts b ON a.id < b.id"),
            await fixture.Database.ScalarAsync<double>("SELECT ST_Area(ST_Difference(w.geom, (SELECT ST_Union(geom) FROM " +
                "gis.districts))::geography) / ST_Area(w.geom::geography) FROM gis.boundary w"));

        Assert.True(overlap < 1, $"districts overlap by {overlap} m²");
        // The real districts (unions of the census 町丁目) against the demo's 51-vertex simplified outline.
        Assert.True(uncovered < 0.02, $"{uncovered:P2} of the ward is in no district");
    }

    [Theory]
    [InlineData(139.7454, 35.6586, "shiba", "landslide,liquefaction")]
    [InlineData(139.7480, 35.6400, "shibaura-konan", "liquefaction,storm_surge,tsunami")]
    [InlineData(139.7318, 35.6472, null, "flood,inland_flood,liquefaction")]
    public async Task DemoPoints_HazardsAndDistrictAsDocumented(double lon, double lat, string? district, string kinds)
    {
        var point = $"ST_SetSRID(ST_Point({lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
            $"{lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}), 6668)";

        Assert.Equal(kinds, await fixture.Database.ScalarAsync<string>(
            $"SELECT string_agg(DISTINCT kind, ',' ORDER BY kind) FROM gis.hazard_areas WHERE ST_Intersects(geom, {point})"));
        if (district is not null)
        {
            Assert.Equal(district, await fixture.Database.ScalarAsync<string>($"SELECT id FROM gis.districts WHERE ST_Intersects(geom, " +
                $"{point})"));
        }
    }

    [Fact]
    public async Task Roads_NodedNetworkWithFootwaysAndSteps_EveryCrossingIsASharedEndpoint()
    {
        // No two segments cross or overlap: they meet only at exactly equal end coordinates.
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM gis.roads a JOIN gis.roads b ON a.id < b.id AND a.geom && b.geom
            WHERE a.source = 'demo' AND b.source = 'demo' AND ST_Intersects(a.geom, b.geom)
              AND NOT ST_Touches(a.geom, b.geom)
            """));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("""
            WITH ends AS (SELECT id, ST_StartPoint(geom) AS p FROM gis.roads UNION ALL SELECT id, ST_EndPoint(geom) FROM gis.roads)
            SELECT count(*) FROM gis.roads a JOIN gis.roads b ON a.id < b.id AND ST_Touches(a.geom, b.geom)
            WHERE NOT EXISTS (SELECT 1 FROM ends e1 JOIN ends e2 ON e1.id = a.id AND e2.id = b.id AND ST_Equals(e1.p, e2.p))
            """));
        // Steps for wheelchair routing to avoid, each joined at both ends to a footway (exactly equal coordinates).
        Assert.Equal("footway:20,steps:10", await fixture.Database.ScalarAsync<string>("""
            SELECT string_agg(road_class || ':' || n, ',' ORDER BY road_class) FROM (
              SELECT road_class, count(*) n FROM gis.roads WHERE road_class IN ('footway', 'steps') GROUP BY road_class) c
            """));
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM gis.roads s WHERE s.road_class = 'steps' AND (
              NOT EXISTS (SELECT 1 FROM gis.roads w WHERE w.road_class = 'footway' AND ST_EndPoint(w.geom) = ST_StartPoint(s.geom))
              OR NOT EXISTS (SELECT 1 FROM gis.roads w WHERE w.road_class = 'footway' AND ST_StartPoint(w.geom) = ST_EndPoint(s.geom)))
            """));
    }

    [Fact]
    public async Task Stations_FurukawaGauges_OnTheRiverInTheDeepestFloodBand()
    {
        var stations = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ImportTestKit.Demo("stations.geojson")));
        var gauges = stations.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("kind").GetString() == "river")
            .Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToList();

        Assert.Equal(3, gauges.Count);
        foreach (var g in gauges)
        {
            Assert.Equal(1, await fixture.Database.ScalarAsync<long>(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"SELECT count(*) FROM gis.hazard_areas WHERE source_id = 'demo-flood-furukawa-3' AND " +
                $"ST_Intersects(geom, ST_SetSRID(ST_Point({g.Lon}, {g.Lat}), 6668))")));
        }
    }

    [Fact]
    public async Task Load_Twice_SecondLoadChangesNothing()
    {
        var versions = await fixture.Database.ScalarAsync<string>("SELECT string_agg(layer || version, ',' ORDER BY layer) FROM " +
            "gis.layer_versions");
        var again = await DemoDataset.LoadAsync(ImportTestKit.Importer(fixture.Database),
            Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo"));

        Assert.Equal(DemoDataset.Files.Count, again.Count);
        Assert.All(again, r => Assert.True(r.Inserted == 0 && r.Updated == 0 && r.Unchanged > 0, ImportTestKit.Describe(r)));
        Assert.Contains(again, r => r.Layer == "accessibility" && r.Unchanged > 100);
        Assert.Equal(versions, await fixture.Database.ScalarAsync<string>("SELECT string_agg(layer || version, ',' ORDER BY layer) FROM " +
            "gis.layer_versions"));
    }
}
