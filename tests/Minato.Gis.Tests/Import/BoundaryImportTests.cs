using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>The ward boundary from the real N03 files. The boundary table holds one row, so each test has a database of its own.</summary>
public sealed class BoundaryImportTests
{
    [Fact]
    public async Task Import_GeoloniaPerPartFile_UnionsNinePartsIntoTheWard()
    {
        await using var db = await TestDatabase.CreateAsync();
        var r = await ImportTestKit.Importer(db)
            .ImportAsync("boundary", TestEnvironment.RequireSharedFile("boundary/geolonia_admin_13103.geojson"));

        Assert.Equal((9, 1, 0), (r.Read, r.Inserted, r.Rejected));
        Assert.Equal("13103|MultiPolygon|9|t", await db.ScalarAsync<string>(
            "SELECT concat_ws('|', id, replace(GeometryType(geom), 'MULTIPOLYGON', 'MultiPolygon'), ST_NumGeometries(geom), " +
                "ST_IsValid(geom)) FROM gis.boundary"));
        // Minato City is 20.37 km² (official area, incl. water-side land); N03 polygons give about the same.
        var km2 = await db.ScalarAsync<double>("SELECT ST_Area(geom::geography) / 1e6 FROM gis.boundary");
        Assert.InRange(km2, 19.5, 21.0);
    }

    [Fact]
    public async Task Import_GeoloniaBoundary_CoversEveryMinatoGsiSite()
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);
        await importer.ImportAsync("boundary", TestEnvironment.RequireSharedFile("boundary/geolonia_admin_13103.geojson"));
        await importer.ImportAsync("gsi", TestEnvironment.RequireSharedFile("shelters/gsi_emergency_131032.geojson"));
        await importer.ImportAsync("gsi", TestEnvironment.RequireSharedFile("shelters/gsi_evacuation_131032.geojson"));

        Assert.Equal(144, await db.ScalarAsync<long>("SELECT count(*) FROM gis.facilities f, gis.boundary b WHERE ST_Covers(b.geom, " +
            "f.geom)"));
    }

    [Fact]
    public async Task Import_AllTokyoN03File_KeepsMinatoOnlyAndSkipsTheRest()
    {
        await using var db = await TestDatabase.CreateAsync();
        var r = await ImportTestKit.Importer(db)
            .ImportAsync("boundary", TestEnvironment.RequireSharedFile("boundary/N03-21_13_210101_s0010.geojson"));

        Assert.Equal((63, 1, 62, 0), (r.Read, r.Inserted, r.Skipped, r.Rejected));
        Assert.Contains(r.Notes, n => n.Contains("13101", StringComparison.Ordinal));
        Assert.Equal("13103", await db.ScalarAsync<string>("SELECT string_agg(id, ',') FROM gis.boundary"));
    }

    [Fact]
    public async Task Import_NeighbourWardFile_NothingImportedExitOne()
    {
        await using var db = await TestDatabase.CreateAsync();
        var r = await ImportTestKit.Importer(db)
            .ImportAsync("boundary", TestEnvironment.RequireSharedFile("boundary/geolonia_admin_13101.geojson"));

        Assert.Equal((1, 1, 0, 1), (r.Read, r.Skipped, r.Good, r.ExitCode));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM gis.boundary"));
    }

    [Fact]
    public async Task Reimport_ThenDifferentSource_UnchangedThenUpdated()
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);
        var path = TestEnvironment.RequireSharedFile("boundary/geolonia_admin_13103.geojson");
        await importer.ImportAsync("boundary", path);

        var same = await importer.ImportAsync("boundary", path);
        var simplified = await importer.ImportAsync("boundary",
            TestEnvironment.RequireSharedFile("boundary/N03-21_13_210101_s0010.geojson"));

        Assert.Equal(1, same.Unchanged);
        Assert.Equal(1, simplified.Updated);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM gis.boundary"));
        Assert.True(await db.ScalarAsync<int>("SELECT ST_NPoints(geom) FROM gis.boundary") < 200);
    }

    [Fact]
    public async Task ImportDistricts_UnknownIdAndDuplicatedParts_ReportedAndUnioned()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = ImportTestKit.ScratchFile("districts.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"id": "shiba"}, "geometry": {"type": "Polygon", "coordinates": [[[139.745, 35.655], [139.750,
              35.655], [139.750, 35.660], [139.745, 35.655]]]}},
            {"type": "Feature", "properties": {"id": "shiba"}, "geometry": {"type": "Polygon", "coordinates": [[[139.750, 35.660], [139.755,
              35.660], [139.755, 35.665], [139.750, 35.660]]]}},
            {"type": "Feature", "properties": {"name_ja": "麻布地区"}, "geometry": {"type": "Polygon", "coordinates": [[[139.730,
              35.655], [139.735, 35.655], [139.735, 35.660], [139.730, 35.655]]]}},
            {"type": "Feature", "properties": {"id": "roppongi"}, "geometry": {"type": "Polygon", "coordinates": [[[139.730, 35.662],
              [139.735, 35.662], [139.735, 35.665], [139.730, 35.662]]]}}
            ]}
            """);

        var r = await ImportTestKit.Importer(db).ImportAsync("districts", path);

        Assert.Equal((4, 2, 1), (r.Read, r.Inserted, r.Rejected));
        Assert.Equal(4, r.Errors[0].Number);
        Assert.Contains("unknown district 'roppongi'", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("azabu:1,shiba:2", await db.ScalarAsync<string>(
            "SELECT string_agg(id || ':' || ST_NumGeometries(geom), ',' ORDER BY id) FROM gis.districts"));
    }
}
