using Minato.Gis.Import;
using Minato.Testing;

namespace Minato.Gis.Tests.Import;

/// <summary>
/// A database failure in the middle of a file leaves nothing behind. The failure is real: a trigger raises an error
/// for one row deep in the file, as a constraint or a lost connection would. Each test has its own database.
/// </summary>
public sealed class AtomicImportTests
{
    [Fact]
    public async Task DatabaseFailureOnRow40_Facilities_NothingStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            CREATE FUNCTION fail_on_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.source_id = 'E1310300040201' THEN RAISE EXCEPTION 'simulated failure on %', NEW.name; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_on_row BEFORE INSERT OR UPDATE ON gis.facilities FOR EACH ROW EXECUTE FUNCTION fail_on_row();
            """);
        var path = TestEnvironment.RequireSharedFile("shelters/gsi_emergency_131032.geojson");
        Assert.Contains("E1310300040201", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        var r = await ImportTestKit.Importer(db).ImportAsync("evacuation-sites", path);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("simulated failure", r.FatalError, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", r.FatalError, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM gis.facilities"));
    }

    [Fact]
    public async Task DatabaseFailureOnUpdate_EditedFile_OldValuesKept()
    {
        await using var db = await TestDatabase.CreateAsync();
        var importer = ImportTestKit.Importer(db);
        var path = TestEnvironment.RequireSharedFile("shelters/gsi_emergency_131032.geojson");
        await importer.ImportAsync("evacuation-sites", path);
        var text = await File.ReadAllTextAsync(path);
        var edited = ImportTestKit.ScratchFile("edited.geojson",
            text.Replace("\"地震\": \"1\"", "\"地震\": \"\"", StringComparison.Ordinal));
        await db.ExecuteAsync("""
            CREATE FUNCTION fail_late() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.source_id = 'E1310300050201' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_late BEFORE UPDATE ON gis.facilities FOR EACH ROW EXECUTE FUNCTION fail_late();
            """);

        var r = await importer.ImportAsync("evacuation-sites", edited);

        Assert.False(r.Succeeded);
        Assert.Equal(57, await db.ScalarAsync<long>("SELECT count(*) FROM gis.facilities WHERE suits_earthquake"));
    }

    [Fact]
    public async Task DatabaseFailureInLayers_Borings_NoBoringStored()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ExecuteAsync("""
            CREATE FUNCTION fail_layer() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.soil_name = '関東ローム' THEN RAISE EXCEPTION 'simulated failure in layers'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_layer BEFORE INSERT ON gis.boring_layers FOR EACH ROW EXECUTE FUNCTION fail_layer();
            """);

        var r = await ImportTestKit.Importer(db).ImportAsync("borings", ImportTestKit.Sample("borings_sample.csv"));

        Assert.Contains("simulated failure in layers", r.FatalError, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM gis.borings"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM gis.boring_layers"));
    }
}
