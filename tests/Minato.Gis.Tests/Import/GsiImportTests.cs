using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>The GSI 指定緊急避難場所 / 指定避難所 lists: the real shared files and the CSV samples. Each test writes its own
/// source.</summary>
public sealed class GsiImportTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static string Shelters(string file) => TestEnvironment.RequireSharedFile("shelters/" + file);

    private Task<ImportResult> Import(string layer, string path, string source) =>
        ImportTestKit.Importer(fixture.Database).ImportAsync(layer, path, new ImportOptions { Source = source });

    private Task<long> Count(string where) => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM gis.facilities WHERE " + where);

    [Fact]
    public async Task Import_MinatoEmergencySites_All61WithTheEightHazardFlags()
    {
        var r = await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-em");

        Assert.True(r.Succeeded, ImportTestKit.Describe(r));
        Assert.Equal((61, 61, 0), (r.Read, r.Inserted, r.Rejected));
        Assert.Equal("gsi-emergency-geojson", r.Format);
        // SOURCE.md: 洪水 35, 崖崩れ 56, 高潮 47, 地震 57, 津波 18, 大規模な火事 0, 内水氾濫 0, 火山 0.
        var flags = await fixture.Database.ScalarAsync<string>("""
            SELECT concat_ws(',', count(*) FILTER (WHERE suits_flood), count(*) FILTER (WHERE suits_landslide),
                count(*) FILTER (WHERE suits_storm_surge), count(*) FILTER (WHERE suits_earthquake), count(*) FILTER (WHERE suits_tsunami),
                count(*) FILTER (WHERE suits_fire), count(*) FILTER (WHERE suits_inland_flood), count(*) FILTER (WHERE suits_volcano))
            FROM gis.facilities WHERE source = 't-em' AND kind = 'evacuation_site'
            """);
        Assert.Equal("35,56,47,57,18,0,0,0", flags);
        Assert.Equal("南山小学校", await fixture.Database.ScalarAsync<string>(
            "SELECT name FROM gis.facilities WHERE source = 't-em' AND source_id = 'E1310300001201'"));
    }

    [Fact]
    public async Task Import_MinatoShelters_83With24WelfareShelters()
    {
        var r = await Import("shelters", Shelters("gsi_evacuation_131032.geojson"), "t-ev");

        Assert.Equal((83, 83, 0), (r.Read, r.Inserted, r.Rejected));
        Assert.Equal(24, await Count("source = 't-ev' AND kind = 'shelter' AND welfare_shelter"));
        Assert.Equal(24, await Count("source = 't-ev' AND note LIKE '受入対象者: 要支援者%'"));
    }

    [Theory]
    [InlineData("gsi_emergency_131016.geojson", "evacuation_site", 28)]
    [InlineData("gsi_emergency_131024.geojson", "evacuation_site", 33)]
    [InlineData("gsi_emergency_131041.geojson", "evacuation_site", 10)]
    [InlineData("gsi_evacuation_131016.geojson", "shelter", 15)]
    [InlineData("gsi_evacuation_131024.geojson", "shelter", 34)]
    [InlineData("gsi_evacuation_131041.geojson", "shelter", 129)]
    [InlineData("gsi_evacuation_131130.geojson", "shelter", 51)]
    public async Task Import_NeighbourWardLists_DetectedAndImportCleanly(string file, string kind, int expected)
    {
        var source = "t-n-" + file;
        var r = await Import("gsi", Shelters(file), source);

        Assert.True(r.ExitCode == 0 && r.Rejected == 0, ImportTestKit.Describe(r));
        Assert.Equal(expected, r.Inserted);
        Assert.Equal(expected, await Count($"source = '{source}' AND kind = '{kind}'"));
    }

    [Fact]
    public async Task Import_ShibuyaUnavailableMarker_NothingToImportWithNote()
    {
        var r = await Import("evacuation-sites", Shelters("gsi_emergency_131130.geojson"), "t-shibuya");

        Assert.True(r.Succeeded);
        Assert.Equal((0, 0, 0), (r.Read, r.Good, r.ExitCode));
        Assert.Contains(r.Notes, n => n.Contains("no data is published", StringComparison.Ordinal));
        var detected = await Import("gsi", Shelters("gsi_emergency_131130.geojson"), "t-shibuya");
        Assert.True(detected.Succeeded && detected.ExitCode == 0 && detected.Notes.Count == 1, ImportTestKit.Describe(detected));
    }

    [Fact]
    public async Task Reimport_SameFile_AllUnchangedAndNoDuplicates()
    {
        await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-re");

        var again = await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-re");

        Assert.Equal((0, 0, 61), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(61, await Count("source = 't-re'"));
    }

    [Fact]
    public async Task Reimport_Unchanged_LayerVersionNotBumped()
    {
        await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-version");
        var before = await fixture.Database.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'facilities'");

        await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-version");

        Assert.Equal(before, await fixture.Database.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'facilities'"));
    }

    [Fact]
    public async Task Reimport_EditedName_UpdatesThatRowOnly()
    {
        await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-edit");
        var text = await File.ReadAllTextAsync(Shelters("gsi_emergency_131032.geojson"));
        var edited = ImportTestKit.ScratchFile("gsi_emergency_131032.geojson",
            text.Replace("\"虎ノ門いきいきプラザ\"", "\"虎ノ門いきいきプラザ（改称）\"", StringComparison.Ordinal));

        var r = await Import("evacuation-sites", edited, "t-edit");

        Assert.Equal((0, 1, 60), (r.Inserted, r.Updated, r.Unchanged));
        Assert.Equal(61, await Count("source = 't-edit'"));
        Assert.Equal(1, await Count("source = 't-edit' AND name = '虎ノ門いきいきプラザ（改称）'"));
    }

    [Fact]
    public async Task Reimport_SiteClosedByOperations_StaysClosed()
    {
        await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-open");
        await fixture.Database.ExecuteAsync("UPDATE gis.facilities SET is_open = false WHERE source = 't-open' AND source_id = " +
            "'E1310300001201'");

        var r = await Import("evacuation-sites", Shelters("gsi_emergency_131032.geojson"), "t-open");

        Assert.Equal(61, r.Unchanged);
        Assert.Equal(1, await Count("source = 't-open' AND NOT is_open"));
    }

    [Fact]
    public async Task ImportCsv_ShiftJisNationalColumns_GoodRowsStoredBadRowsReported()
    {
        var r = await Import("gsi", ImportTestKit.Sample("gsi_emergency_minato_sample_sjis.csv"), "t-sjis");

        Assert.Equal("gsi-emergency-csv (Shift_JIS)", r.Format);
        Assert.Equal((6, 3, 3, 0), (r.Read, r.Inserted, r.Rejected, r.ExitCode));
        Assert.Equal(["row 5", "row 6", "row 7"], r.Errors.Select(e => $"{e.Unit} {e.Number}"));
        Assert.Contains("outside Japan", r.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("施設・場所名", r.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("'北緯35度' is not a number", r.Errors[2].Reason, StringComparison.Ordinal);
        // A quoted 備考 with a line break stays one field, and the hazard flags are read from the Japanese columns.
        Assert.Equal("広場部分のみ\r\n（改行を含む備考）", await fixture.Database.ScalarAsync<string>(
            "SELECT note FROM gis.facilities WHERE source = 't-sjis' AND source_id = 'E1310399990201'"));
        Assert.Equal(1, await Count("source = 't-sjis' AND source_id = 'E1310399990301' AND suits_tsunami AND NOT suits_flood"));
    }

    [Fact]
    public async Task ImportCsv_Utf8BomCityColumns_WelfareShelterDetected()
    {
        var r = await Import("shelters", ImportTestKit.Sample("gsi_evacuation_minato_sample_utf8bom.csv"), "t-bom");

        Assert.Equal("gsi-evacuation-csv (UTF-8 (BOM))", r.Format);
        Assert.Equal(3, r.Inserted);
        Assert.Equal(1, await Count("source = 't-bom' AND welfare_shelter AND name = 'サンプル福祉センター'"));
    }

    [Fact]
    public async Task Import_ShelterListIntoEvacuationSites_RefusedAsFatal()
    {
        var r = await Import("evacuation-sites", Shelters("gsi_evacuation_131032.geojson"), "t-wrong");

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("import it into shelters", r.FatalError, StringComparison.Ordinal);
        Assert.Equal(0, await Count("source = 't-wrong'"));
    }
}
