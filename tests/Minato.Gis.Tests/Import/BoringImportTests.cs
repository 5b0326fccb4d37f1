using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>Borings from the project's CSV and the national ボーリング交換用データ XML. Each test writes its own
/// source.</summary>
public sealed class BoringImportTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private Task<ImportResult> Import(string path, string source) =>
        ImportTestKit.Importer(fixture.Database).ImportAsync("borings", path, new ImportOptions { Source = source });

    private Task<string> Layers(string source, string sourceId) => fixture.Database.ScalarAsync<string>($"""
        SELECT string_agg(concat_ws(':', l.top_m, l.bottom_m, l.soil_name, l.spt_n), ' ' ORDER BY l.seq)
        FROM gis.borings b JOIN gis.boring_layers l ON l.boring_id = b.id WHERE b.source = '{source}' AND b.source_id = '{sourceId}'
        """);

    [Fact]
    public async Task ImportCsv_Sample_GoodBoringsStoredBadOnesReportedWithRows()
    {
        var r = await Import(ImportTestKit.Sample("borings_sample.csv"), "t-csv");

        Assert.Equal((5, 2, 3, 0), (r.Read, r.Inserted, r.Rejected, r.ExitCode));
        Assert.Equal([7, 9, 10], r.Errors.Select(e => e.Number));
        Assert.Contains("overlaps the layer above", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("SPT N 999 is outside 0–300", r.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("below the total depth of 8 m", r.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal("0:2.5:埋土:5 2.5:11:シルト:1 11:20:砂礫:58", await Layers("t-csv", "S-01"));
        Assert.Equal("20|2.5|2020-06-01", await fixture.Database.ScalarAsync<string>(
            "SELECT concat_ws('|', total_depth_m, ground_elevation_m, drilled_on) FROM gis.borings WHERE source = 't-csv' AND source_id " +
                "= 'S-01'"));
    }

    [Fact]
    public async Task ImportXml_Bed400ShiftJis_LayersWithSptAndExtrapolatedN()
    {
        var r = await Import(ImportTestKit.Sample("boring_bed400_sample_sjis.xml"), "t-bed");

        Assert.Equal((1, 1, 0), (r.Read, r.Inserted, r.Rejected));
        // SPT means per layer: (4+6)/2 = 5, (1+2)/2 = 1.5 → 2, and 50 blows over 150 mm → N = 50 × 300 / 150 = 100.
        Assert.Equal("0:3:埋土:5 3:14:シルト:2 14:25:砂礫:100", await Layers("t-bed", "boring_bed400_sample_sjis"));
        Assert.Equal("SAMPLE-BV-1|25|2.8|2021-05-12|139.747333|35.640000", await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws('|', name, total_depth_m, ground_elevation_m, drilled_on, round(ST_X(geom)::numeric, 6),
              round(ST_Y(geom)::numeric, 6))
            FROM gis.borings WHERE source = 't-bed'
            """));
    }

    [Fact]
    public async Task ImportXml_Folder_EveryFileABoringAndABrokenFileReported()
    {
        var folder = ImportTestKit.ScratchFolder();
        File.Copy(ImportTestKit.Sample("boring_bed400_sample_sjis.xml"), Path.Combine(folder, "BED0001.XML"));
        File.Copy(ImportTestKit.Sample("boring_bed400_sample_sjis.xml"), Path.Combine(folder, "BED0002.XML"));
        await File.WriteAllTextAsync(Path.Combine(folder, "BED0003.XML"), "<ボーリング情報><標題情報>");

        var r = await Import(folder, "t-folder");

        Assert.Equal((3, 2, 1), (r.Read, r.Inserted, r.Rejected));
        Assert.Contains("BED0003.XML: malformed XML", r.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reimport_EditedLayer_BoringUpdatedLayersReplaced()
    {
        await Import(ImportTestKit.Sample("borings_sample.csv"), "t-edit");
        var text = await File.ReadAllTextAsync(ImportTestKit.Sample("borings_sample.csv"));
        var edited = ImportTestKit.ScratchFile("borings_sample.csv",
            text.Replace("2.5,11,シルト,1", "2.5,11,粘土,2", StringComparison.Ordinal));

        var same = await Import(ImportTestKit.Sample("borings_sample.csv"), "t-edit");
        var changed = await Import(edited, "t-edit");

        Assert.Equal((0, 0, 2), (same.Inserted, same.Updated, same.Unchanged));
        Assert.Equal((0, 1, 1), (changed.Inserted, changed.Updated, changed.Unchanged));
        Assert.Equal("0:2.5:埋土:5 2.5:11:粘土:2 11:20:砂礫:58", await Layers("t-edit", "S-01"));
        Assert.Equal(5, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM gis.boring_layers l JOIN gis.borings b ON b.id = l.boring_id WHERE b.source = 't-edit'"));
    }

    [Fact]
    public async Task ImportGeoJson_PointsWithLayers_StoredAndBadLayerReported()
    {
        var path = ImportTestKit.ScratchFile("borings.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "G-1", "properties": {"name": "GeoJSON 1", "total_depth_m": 10, "ground_elevation_m": 3.2,
              "drilled_on": "2022-02-02",
              "layers": [{"top_m": 0, "bottom_m": 4, "soil_name": "埋土", "spt_n": 3}, {"top_m": 4, "bottom_m": 10, "soil_name": "砂",
                "spt_n": 20}]},
             "geometry": {"type": "Point", "coordinates": [139.748, 35.641]}},
            {"type": "Feature", "id": "G-2", "properties": {"total_depth_m": 5, "layers": [{"top_m": 0, "soil_name": "砂"}]},
             "geometry": {"type": "Point", "coordinates": [139.749, 35.642]}},
            {"type": "Feature", "id": "G-3", "properties": {"name": "no depth"}, "geometry": {"type": "Point", "coordinates": [139.749,
              35.642]}}
            ]}
            """);

        var r = await Import(path, "t-geojson");

        Assert.Equal((3, 1, 2), (r.Read, r.Inserted, r.Rejected));
        Assert.Contains("layers[0]: missing required field 'bottom_m'", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("'total_depth_m'", r.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal("0:4:埋土:3 4:10:砂:20", await Layers("t-geojson", "G-1"));
    }
}
