using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>Generic GeoJSON for facilities, hazard areas and roads; bad input gets specific per-feature errors.</summary>
public sealed class GeoJsonImportTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task ImportFacilities_BadSample_SixSpecificErrorsTwoRowsStored()
    {
        var r = await ImportTestKit.Importer(fixture.Database).ImportAsync("aeds", ImportTestKit.Sample("facilities_bad_sample.geojson"),
            new ImportOptions { Source = "t-aed" });

        Assert.Equal((8, 2, 6, 0), (r.Read, r.Inserted, r.Rejected, r.ExitCode));
        string[] expected =
        [
            "feature 2: coordinate (2.3522, 48.8566) is outside Japan",
            "feature 3: missing required field 'name'",
            "feature 4: feature has no geometry",
            "feature 5: malformed geometry: coordinates: position values must be numbers",
            "feature 6: duplicate id 'aed-1' (first at feature 1)",
            "feature 7: capacity must be ≥ 0",
        ];
        Assert.Equal(expected.Length, r.Errors.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], r.Errors[i].ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("aed-1:0:t,aed-7:t", await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(concat_ws(':', source_id, capacity, is_open), ',' ORDER BY source_id) FROM gis.facilities WHERE source = " +
                "'t-aed' AND kind = 'aed'"));
    }

    [Fact]
    public async Task ImportHazardAreas_BadSample_InvalidGeometryAndFieldsRejected()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var r = await ImportTestKit.Importer(fixture.Database, clock)
            .ImportAsync("hazard-areas", ImportTestKit.Sample("hazard_areas_bad_sample.geojson"),
            new ImportOptions { Source = "t-hz" });

        Assert.Equal((7, 2, 5), (r.Read, r.Inserted, r.Rejected));
        Assert.Equal([2, 3, 4, 5, 6], r.Errors.Select(e => e.Number));
        Assert.StartsWith("invalid geometry: Self-intersection", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'kind'", r.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("ring is not closed", r.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not near Minato City", r.Errors[3].Reason, StringComparison.Ordinal);
        Assert.Contains("rank must be between 0 and 10", r.Errors[4].Reason, StringComparison.Ordinal);
        // 土砂災害 maps to landslide; a feature without valid_from takes the clock's date; labels derive from depths.
        Assert.Equal("hz-ja:landslide:1:土砂災害警戒区域:2026-03-01,hz-ok:flood:2:0.5–3.0 m:2024-04-01",
            await fixture.Database.ScalarAsync<string>("""
            SELECT string_agg(concat_ws(':', source_id, kind, rank, rank_label, valid_from), ',' ORDER BY source_id)
            FROM gis.hazard_areas WHERE source = 't-hz'
            """));
    }

    [Fact]
    public async Task Import_MalformedJson_FatalWithLineNothingStored()
    {
        var r = await ImportTestKit.Importer(fixture.Database).ImportAsync("aeds", ImportTestKit.Sample("malformed_sample.geojson"),
            new ImportOptions { Source = "t-malformed" });

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("malformed JSON at line 3", r.FatalError, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.facilities WHERE source = 't-malformed'"));
    }

    [Fact]
    public async Task ImportRoads_GeoJsonMultiLineAndMissingId_SplitAndReported()
    {
        var path = ImportTestKit.ScratchFile("roads.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "r1", "properties": {"name": "二股道", "road_class": "secondary", "width_m": 8,
              "emergency_route": true},
             "geometry": {"type": "MultiLineString", "coordinates": [[[139.740, 35.650], [139.741, 35.651]], [[139.742, 35.650], [139.743,
               35.651]]]}},
            {"type": "Feature", "properties": {"road_class": "residential"}, "geometry": {"type": "LineString", "coordinates": [[139.744,
              35.650], [139.745, 35.651]]}},
            {"type": "Feature", "id": "r3", "properties": {"name": "幅が負"}, "geometry": {"type": "LineString",
              "coordinates": [[139.746, 35.650], [139.747, 35.651]]}},
            {"type": "Feature", "id": "r4", "properties": {"road_class": "service"}, "geometry": {"type": "Point", "coordinates": [139.746,
              35.650]}}
            ]}
            """);

        var r = await ImportTestKit.Importer(fixture.Database).ImportAsync("roads", path, new ImportOptions { Source = "t-roads" });

        Assert.Equal((4, 2, 3), (r.Read, r.Inserted, r.Rejected));
        Assert.Contains("missing id", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'road_class'", r.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("must be a LineString", r.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal("r1#1,r1#2", await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(source_id, ',' ORDER BY source_id) FROM gis.roads WHERE source = 't-roads' AND emergency_route AND " +
                "width_m = 8"));
    }

    [Fact]
    public async Task Import_UnknownLayerOrMissingFile_FatalResult()
    {
        var importer = ImportTestKit.Importer(fixture.Database);

        var unknown = await importer.ImportAsync("bridges", ImportTestKit.Sample("facilities_bad_sample.geojson"));
        var missing = await importer.ImportAsync("aeds", "/nonexistent/aeds.geojson");

        Assert.Contains("unknown layer 'bridges'", unknown.FatalError, StringComparison.Ordinal);
        Assert.Contains("file not found", missing.FatalError, StringComparison.Ordinal);
    }
}
