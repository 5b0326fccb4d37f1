using System.Text.Json;
using Minato.Gis.Import;
using Minato.Gis.Layers;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>
/// The shipped e-Stat 町丁目 (data/minato/chome) import whole, keep the census counts, land each in one district, and
/// build the districts as their unions — the real district outlines, checked against the real ward boundary
/// (../shared/data/boundary) and the areas the ward publishes per 総合支所.
/// </summary>
public sealed class ChomeImportTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly string Shipped =
        Path.Combine(TestEnvironment.RepositoryRoot, "data", "minato", "chome", "estat_r2ka13103_minato_chome.geojson");

    /// <summary>Census totals read straight from the file (not from our importer): residents, households.</summary>
    private static (long Population, long Households, int Features, int Keys) CensusTotals()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Shipped));
        var features = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        return (features.Sum(p => p.GetProperty("JINKO").GetInt64()), features.Sum(p => p.GetProperty("SETAI").GetInt64()),
            features.Count, features.Select(p => p.GetProperty("KEY_CODE").GetString()).Distinct().Count());
    }

    private async Task<ImportResult> ImportShippedAsync() => await ImportTestKit.Importer(fixture.Database)
        .ImportAsync("chome", Shipped, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Import_ShippedGeoJson_Every140PolygonsKeptAndCensusTotalsPreserved()
    {
        var result = await ImportShippedAsync();
        var census = CensusTotals();

        Assert.True(result.Succeeded && result.Rejected == 0, ImportTestKit.Describe(result));
        Assert.Equal(140, census.Features);
        Assert.Equal(140, result.Read);
        Assert.Equal(census.Keys, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.chome"));
        Assert.Equal(260_486, census.Population);
        Assert.Equal(census.Population, await fixture.Database.ScalarAsync<long>("SELECT sum(population) FROM gis.chome"));
        Assert.Equal(census.Households, await fixture.Database.ScalarAsync<long>("SELECT sum(households) FROM gis.chome"));
        Assert.Equal("芝一丁目,2024,1266,shiba,e-stat", await fixture.Database.ScalarAsync<string>(
            "SELECT concat_ws(',', name, population, households, district, source) FROM gis.chome WHERE key_code = '13103001001'"));
        // 台場一丁目's two census polygons are one 町丁目 with both counts (0 + 4,585).
        Assert.Equal("2,4585", await fixture.Database.ScalarAsync<string>(
            "SELECT concat_ws(',', ST_NumGeometries(geom), population) FROM gis.chome WHERE key_code = '13103030001'"));
        Assert.Equal(ChomeDistricts.WaterName, await fixture.Database.ScalarAsync<string>(
            "SELECT name FROM gis.chome WHERE key_code = '131030310'"));

        var again = await ImportShippedAsync();
        Assert.Equal((0, 0, census.Keys), (again.Inserted, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Import_Shipped_EveryChomeInExactlyOneDistrictAndDistrictsAreTheirUnions()
    {
        Assert.True((await ImportShippedAsync()).Succeeded);

        // Each 町丁目's interior point lies in exactly one district outline, and that is its own district.
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("""
            SELECT count(*) FROM gis.chome c
            WHERE (SELECT count(*) FROM gis.districts d WHERE ST_Intersects(d.geom, ST_PointOnSurface(c.geom))) <> 1
               OR NOT EXISTS (SELECT 1 FROM gis.districts d WHERE d.id = c.district AND ST_Covers(d.geom, c.geom))
            """));
        Assert.Equal(5, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.districts WHERE source = 'chome'"));
        // The outlines do not overlap (shared edges only): the sum of their areas is the area of their union.
        Assert.Equal(0, await fixture.Database.ScalarAsync<double>("""
            SELECT abs(sum(ST_Area(geom::geography)) - ST_Area(ST_Union(geom)::geography)) / ST_Area(ST_Union(geom)::geography)
            FROM gis.districts
            """), 4);
    }

    [Fact]
    public async Task Import_Shipped_DistrictsCoverTheRealWardAndMatchThePublishedAreas()
    {
        Assert.True((await ImportShippedAsync()).Succeeded);
        var boundary = TestEnvironment.RequireSharedFile(Path.Combine("boundary", "geolonia_admin_13103.geojson"));
        var ward = await ImportTestKit.Importer(fixture.Database).ImportAsync("boundary", boundary,
            new ImportOptions { Source = "geolonia" }, TestContext.Current.CancellationToken);
        Assert.True(ward.Succeeded, ImportTestKit.Describe(ward));

        // Census and N03 outlines differ by slivers and the bay islets (台場 batteries): ≈ 1.0% of the ward uncovered.
        var uncovered = await fixture.Database.ScalarAsync<double>("""
            SELECT ST_Area(ST_Difference(b.geom, (SELECT ST_Union(geom) FROM gis.districts))::geography) / ST_Area(b.geom::geography)
            FROM gis.boundary b
            """);
        Assert.InRange(uncovered, 0, 0.015);

        // Land districts against the areas in km² the ward publishes per 総合支所 (港区の地勢): within 5%.
        var published = new Dictionary<string, double> { ["shiba"] = 4.45, ["azabu"] = 3.79, ["akasaka"] = 4.01, ["takanawa"] = 3.48 };
        foreach (var (id, km2) in published)
        {
            var ours = await fixture.Database.ScalarAsync<double>(
                $"SELECT ST_Area(geom::geography) / 1e6 FROM gis.districts WHERE id = '{id}'");
            Assert.True(Math.Abs(ours - km2) / km2 < 0.05, $"{id}: {ours:F3} km² vs published {km2}");
        }
    }

    [Fact]
    public async Task Import_EStatShapefileShiftJis_SameRowsAsTheGeoJson()
    {
        var dir = ImportTestKit.ScratchFolder();
        var shp = Path.Combine(dir, "r2ka13103.shp");
        // The e-Stat download form: a Shift_JIS dbf with no .cpg.
        await ExternalProcess.RunAsync("/usr/bin/ogr2ogr", "-f", "ESRI Shapefile", shp, Shipped, "-lco", "ENCODING=CP932");
        File.Delete(Path.ChangeExtension(shp, ".cpg"));

        var result = await ImportTestKit.Importer(fixture.Database).ImportAsync("chome", shp,
            new ImportOptions { Source = "e-stat-shp" }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded && result.Rejected == 0, ImportTestKit.Describe(result));
        Assert.Equal("e-stat-shapefile", result.Format);
        Assert.Equal(140, result.Read);
        Assert.Equal(CensusTotals().Population, await fixture.Database.ScalarAsync<long>(
            "SELECT sum(population) FROM gis.chome WHERE source = 'e-stat-shp'"));
        Assert.Equal("高輪一丁目,takanawa", await fixture.Database.ScalarAsync<string>(
            "SELECT concat_ws(',', name, district) FROM gis.chome WHERE key_code = '13103025001'"));
    }

    [Fact]
    public async Task Import_UnknownTownAndForeignCode_RejectedWithReasonsOthersKept()
    {
        var path = ImportTestKit.ScratchFile("chome.geojson", """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"KEY_CODE":"13103099001","S_NAME":"架空町一丁目","JINKO":5,"SETAI":3,"HCODE":8101},
              "geometry":{"type":"Polygon","coordinates":[[[139.74,35.65],[139.741,35.65],[139.741,35.651],[139.74,35.65]]]}},
             {"type":"Feature","properties":{"KEY_CODE":"13104001001","S_NAME":"芝一丁目","JINKO":5,"SETAI":3,"HCODE":8101},
              "geometry":{"type":"Polygon","coordinates":[[[139.74,35.65],[139.741,35.65],[139.741,35.651],[139.74,35.65]]]}},
             {"type":"Feature","properties":{"KEY_CODE":"13103098002","S_NAME":"三田四丁目","JINKO":7,"SETAI":4,"HCODE":8101},
              "geometry":{"type":"Polygon","coordinates":[[[139.74,35.64],[139.741,35.64],[139.741,35.641],[139.74,35.64]]]}}]}
            """);

        var result = await ImportTestKit.Importer(fixture.Database).ImportAsync("chome", path,
            new ImportOptions { Source = "reject-test" }, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Rejected);
        Assert.Contains("架空町一丁目", result.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("13104001001", result.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal("takanawa", await fixture.Database.ScalarAsync<string>(
            "SELECT district FROM gis.chome WHERE key_code = '13103098002'"));
        await fixture.Database.ExecuteAsync("DELETE FROM gis.chome WHERE source = 'reject-test'");
    }

    [Theory]
    [InlineData("芝五丁目", "shiba")]
    [InlineData("三田三丁目", "shiba")]
    [InlineData("三田四丁目", "takanawa")]
    [InlineData("海岸二丁目", "shiba")]
    [InlineData("海岸三丁目", "shibaura-konan")]
    [InlineData("芝公園四丁目", "shiba")]
    [InlineData("芝浦四丁目", "shibaura-konan")]
    [InlineData("麻布狸穴町", "azabu")]
    [InlineData("六本木七丁目", "azabu")]
    [InlineData("北青山三丁目", "akasaka")]
    [InlineData("白金台五丁目", "takanawa")]
    [InlineData("水面", "shibaura-konan")]
    public void Of_CensusName_DistrictOfTheJurisdictionTable(string name, string district) =>
        Assert.Equal(district, ChomeDistricts.Of(name));
}
