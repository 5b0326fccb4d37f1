using Minato.Gis.Hazards;
using Minato.Testing;

namespace Minato.Gis.Tests.Hazards;

public sealed class HazardReportSourceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private HazardReportSource Source => new(fixture.DataSource);

    public async ValueTask InitializeAsync()
    {
        if (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.boundary") == 0)
        {
            await fixture.Database.ExecuteAsync(HazardScenario.Sql);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task GetAsync_PointInFloodAreas_ListsEveryCoveringAreaWorstFirst()
    {
        var report = (await Source.GetAsync(HazardScenario.Lon, HazardScenario.Lat)).Report!;

        var floods = report.Hazards.Where(h => h.Kind == "flood").ToArray();
        Assert.Equal([3, 1], floods.Select(f => f.Rank));
        Assert.Equal("洪水", floods[0].KindJa);
        Assert.Contains(report.Hazards, h => h.Kind == "inland_flood");
        Assert.DoesNotContain(report.Hazards, h => h.Kind == "tsunami");
        Assert.Equal("shiba", report.Location.DistrictId);
    }

    [Fact]
    public async Task GetAsync_FloodHazard_ThreeNearestOpenSuitableSitesRankedInMetres()
    {
        var report = (await Source.GetAsync(HazardScenario.Lon, HazardScenario.Lat)).Report!;

        var flood = Assert.Single(report.Evacuation, e => e.Hazard == "flood");
        // East 280 m is nearer in metres though farther in degrees than North 300 m; the closed site,
        // the earthquake-only site and the shelter (not an evacuation site) are left out.
        Assert.Equal(["East 280 m", "North 300 m", "South 900 m"], flood.Sites.Select(s => s.Name));
        Assert.False(flood.IsFallback);
        Assert.InRange(flood.Sites[0].DistanceMetres, 278, 282);
        Assert.InRange(flood.Sites[1].DistanceMetres, 298, 302);
    }

    [Fact]
    public async Task GetAsync_DistanceMetres_AgreesWithGeodesicDistance()
    {
        var report = (await Source.GetAsync(HazardScenario.Lon, HazardScenario.Lat)).Report!;
        var site = report.Evacuation.Single(e => e.Hazard == "flood").Sites[2];

        var geodesic = await fixture.Database.ScalarAsync<double>(FormattableString.Invariant(
            $"""
            SELECT ST_Distance(ST_Point({HazardScenario.Lon}, {HazardScenario.Lat}, 4326)::geography, ST_Point({site.Lon}, {site.Lat},
            4326)::geography)
            """));

        // Plane CS IX scale factor near its origin is ~0.9999–1.0000: the two agree to 0.1 %.
        Assert.InRange(site.DistanceMetres / geodesic, 0.999, 1.001);
    }

    [Fact]
    public async Task GetAsync_InlandFloodWithNoDesignatedSite_FallsBackToFloodSites()
    {
        var report = (await Source.GetAsync(HazardScenario.Lon, HazardScenario.Lat)).Report!;

        var inland = Assert.Single(report.Evacuation, e => e.Hazard == "inland_flood");
        Assert.True(inland.IsFallback);
        Assert.Equal("suits_flood", inland.Suitability);
        Assert.Equal("East 280 m", inland.Sites[0].Name);
    }

    [Fact]
    public async Task GetAsync_NearestBoring_SummarisesLayersAndBearingDepth()
    {
        var report = (await Source.GetAsync(HazardScenario.Lon, HazardScenario.Lat)).Report!;

        var boring = report.NearestBoring!;
        Assert.Equal("B-near", boring.Name);
        Assert.InRange(boring.DistanceMetres, 55, 58); // √(40² + 40²) ≈ 56.6 m
        Assert.Equal(6, boring.LayerCount);
        Assert.Equal("埋土", boring.SurfaceSoil);
        Assert.Equal(56, boring.MaxSptN);
        Assert.Equal(20, boring.BearingLayerDepthM);
        Assert.Equal(3.2, boring.GroundElevationM); // stored as real: read back as 3.2, not 3.2000000476837158
    }

    [Fact]
    public async Task GetAsync_PointOutsideWard_RefusedWithDistance()
    {
        var result = await Source.GetAsync(139.80, 35.65);

        Assert.Null(result.Report);
        Assert.Equal(HazardReportRefusal.OutsideWard, result.Refusal);
        // 0.01° of longitude east of the boundary at 35.65° N ≈ 905 m.
        Assert.InRange(result.DistanceToWardMetres!.Value, 880, 930);
    }

    [Theory]
    [InlineData(200, 35)]
    [InlineData(139, -95)]
    [InlineData(double.NaN, 35)]
    public async Task GetAsync_ImpossibleCoordinate_Refused(double lon, double lat)
    {
        var result = await Source.GetAsync(lon, lat);

        Assert.Equal(HazardReportRefusal.InvalidCoordinate, result.Refusal);
    }
}
