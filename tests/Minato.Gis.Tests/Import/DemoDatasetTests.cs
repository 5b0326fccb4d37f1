using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>The shipped demo dataset (data/demo) loads into a fresh database: every layer, valid, inside the boundary.</summary>
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
        Assert.True(n[3] + n[4] >= 40, $"sites {n[3]} + shelters {n[4]}");
        Assert.All(n[5..7], c => Assert.True(c > 0));
        Assert.Equal(6, n[7]);
        Assert.True(n[8] >= 3 && n[9] > n[8]);
    }

    [Fact]
    public async Task Load_EveryGeometry_ValidInsideTheBoundaryToTenCentimetresAndLabelledDemo()
    {
        var bad = await fixture.Database.ScalarAsync<long>("""
            -- Coordinates are written with 6 decimals (RFC 7946's ~0.1 m), so "inside" is to 1e-6 degrees.
            WITH b AS (SELECT ST_Buffer(geom, 1e-6) AS g FROM gis.boundary),
            all_rows AS (
                SELECT 'roads' AS t, r.source, r.geom FROM gis.roads r
                UNION ALL SELECT 'facilities', f.source, f.geom FROM gis.facilities f
                UNION ALL SELECT 'hazard_areas', h.source, h.geom FROM gis.hazard_areas h
                UNION ALL SELECT 'borings', o.source, o.geom FROM gis.borings o)
            SELECT count(*) FROM all_rows, b WHERE NOT ST_IsValid(geom) OR NOT ST_CoveredBy(geom, b.g) OR source <> 'demo'
            """);

        Assert.Equal(0, bad);
        // The districts are the real ones, unions of the e-Stat 町丁目 (not demo): their own test is ChomeImportTests.
        Assert.Equal(5, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.districts WHERE source = 'chome'"));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary WHERE source = 'demo' AND " +
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
    [InlineData(139.7296, 35.6490, null, "flood,inland_flood,liquefaction")]
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
    public async Task Load_Twice_SecondLoadChangesNothing()
    {
        var versions = await fixture.Database.ScalarAsync<string>("SELECT string_agg(layer || version, ',' ORDER BY layer) FROM " +
            "gis.layer_versions");
        var again = await DemoDataset.LoadAsync(ImportTestKit.Importer(fixture.Database),
            Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo"));

        Assert.Equal(DemoDataset.Files.Count, again.Count);
        Assert.All(again, r => Assert.True(r.Inserted == 0 && r.Updated == 0 && r.Unchanged > 0, ImportTestKit.Describe(r)));
        Assert.Equal(versions, await fixture.Database.ScalarAsync<string>("SELECT string_agg(layer || version, ',' ORDER BY layer) FROM " +
            "gis.layer_versions"));
    }
}
