using Minato.Testing;

namespace Minato.Server.Tests.Cli;

/// <summary><c>Minato.Server import</c> as a user runs it: output lines and exit codes. Each test has its own database.</summary>
[Trait("Category", "Slow")]
public sealed class ImportCommandTests
{
    [Fact]
    public async Task Import_RealGsiFileTwice_SummaryThenUnchanged()
    {
        await using var db = await TestDatabase.CreateAsync();
        var file = TestEnvironment.RequireSharedFile("shelters/gsi_emergency_131032.geojson");

        var first = await CliProcess.RunAsync(db.ConnectionString, "import", "gsi-emergency", file);
        var second = await CliProcess.RunAsync(db.ConnectionString, "import", "gsi-emergency", file);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"import evacuation-sites ← {file} (gsi-emergency-geojson)", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("read 61, imported 61, updated 0, unchanged 0, skipped 0, rejected 0", first.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("read 61, imported 0, updated 0, unchanged 61, skipped 0, rejected 0", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(61, await db.ScalarAsync<long>("SELECT count(*) FROM gis.facilities"));
    }

    [Fact]
    public async Task Import_ShiftJisCsvWithBadRows_OneLinePerRowAndExitZero()
    {
        await using var db = await TestDatabase.CreateAsync();

        var run = await CliProcess.RunAsync(db.ConnectionString, "import", "gsi",
            CliProcess.Sample("gsi_emergency_minato_sample_sjis.csv"));

        Assert.Equal(0, run.ExitCode);
        var lines = run.StdOut.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("row 5: coordinate (35.65, 139.74) is outside Japan", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("row 6: missing required field '施設・場所名'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("row 7: 緯度: '北緯35度' is not a number", StringComparison.Ordinal));
        Assert.Contains("read 6, imported 3, updated 0, unchanged 0, skipped 0, rejected 3", run.StdOut, StringComparison.Ordinal);
        // The import is a write: audited with the OS user as actor and its counts.
        Assert.Equal("import.gsi|admin|3|3", await db.ScalarAsync<string>(
            "SELECT action || '|' || role || '|' || (details->>'inserted') || '|' || (details->>'rejected') FROM ops.audit_log WHERE " +
                "entity = 'gsi'"));
    }

    [Fact]
    public async Task Import_EveryRecordRejected_ExitOne()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Path.Combine(Path.GetTempPath(), "minato-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "paris.geojson");
        await File.WriteAllTextAsync(file,
            """{"type":"Feature","id":"x","properties":{"name":"Paris"},"geometry":{"type":"Point","coordinates":[2.35,48.86]}}""");

        var run = await CliProcess.RunAsync(db.ConnectionString, "import", "aeds", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("feature 1: coordinate (2.35, 48.86) is outside Japan", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log"));
    }

    [Fact]
    public async Task Import_MalformedFile_ExitThreeErrorOnStdErr()
    {
        await using var db = await TestDatabase.CreateAsync();

        var run = await CliProcess.RunAsync(db.ConnectionString, "import", "aeds", CliProcess.Sample("malformed_sample.geojson"));

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("error: malformed JSON at line 3", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("FAILED, nothing stored", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownLayerOrMissingArguments_ExitTwoWithUsage()
    {
        await using var db = await TestDatabase.CreateAsync();

        var unknown = await CliProcess.RunAsync(db.ConnectionString, "import", "bridges", CliProcess.Sample("malformed_sample.geojson"));
        var missing = await CliProcess.RunAsync(db.ConnectionString, "import", "aeds");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown layer 'bridges'", unknown.StdErr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("usage: import <layer> <file>", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoLoad_FreshDatabaseTwice_LoadsThenChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync();

        var first = await CliProcess.RunAsync(db.ConnectionString, "demo", "load");
        var second = await CliProcess.RunAsync(db.ConnectionString, "demo", "load");

        Assert.True(first.ExitCode == 0, first.StdOut + first.StdErr);
        Assert.Contains("demo dataset loaded (DEMO / 架空 data, not official)", first.StdOut, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain(second.StdOut.Split('\n'), l =>
            l.StartsWith("read", StringComparison.Ordinal) && !l.Contains("imported 0, updated 0", StringComparison.Ordinal));
        Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE source = 'demo'") > 300);
        Assert.Equal(10, await db.ScalarAsync<long>("SELECT count(*) FROM sensors.stations"));
    }

    [Fact]
    public async Task Import_Stations_UpsertsAndListsBadFeatures()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Path.Combine(Path.GetTempPath(), "minato-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "stations.geojson");
        await File.WriteAllTextAsync(file, """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"id":"R-TEST-01","kind":"rain","name_ja":"試験雨量計","name_en":"Test gauge",
                "district":"shiba","interval_s":600},
               "geometry":{"type":"Point","coordinates":[139.745,35.655]}},
              {"type":"Feature","properties":{"id":"X-BAD","kind":"snow","name_ja":"不明","name_en":"Bad","interval_s":600},
               "geometry":{"type":"Point","coordinates":[139.745,35.655]}}]}
            """);

        var run = await CliProcess.RunAsync(db.ConnectionString, "import", "stations", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("stations: 1 imported or updated, 1 rejected", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("X-BAD", run.StdOut, StringComparison.Ordinal);
        Assert.Equal("rain", await db.ScalarAsync<string>("SELECT kind FROM sensors.stations WHERE id = 'R-TEST-01'"));
    }
}
