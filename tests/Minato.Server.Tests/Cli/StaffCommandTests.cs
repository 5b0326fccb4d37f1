using Minato.Testing;

namespace Minato.Server.Tests.Cli;

/// <summary><c>Minato.Server staff import FILE</c> as a user runs it, on the demo staff file and on a file with a bad row.</summary>
[Trait("Category", "Slow")]
public sealed class StaffCommandTests
{
    [Fact]
    public async Task StaffImport_DemoFileTwice_CreatedThenUpdatedAudited()
    {
        await using var db = await TestDatabase.CreateAsync();
        var file = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", "ops", "staff.csv");

        var first = await CliProcess.RunAsync(db.ConnectionString, "staff", "import", file);
        var second = await CliProcess.RunAsync(db.ConnectionString, "staff", "import", file);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"staff import {file}: 13 created, 0 updated, 0 refused", first.StdOut, StringComparison.Ordinal);
        Assert.Contains($"staff import {file}: 0 created, 13 updated, 0 refused", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(13, await db.ScalarAsync<long>("SELECT count(*) FROM ops.staff WHERE name LIKE '%（架空）'"));
        Assert.Equal(2, await db.ScalarAsync<long>(
            "SELECT count(*) FROM ops.audit_log WHERE action = 'staff.import' AND actor = 'cli' AND role = 'hq'"));
    }

    [Fact]
    public async Task StaffImport_BadRow_ReportedWithLineExitOne_GoodRowKept()
    {
        await using var db = await TestDatabase.CreateAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("minato-staff-").FullName, "staff.csv");
        await File.WriteAllTextAsync(file,
            "name,email,phone,district,groups\nよい 行,good@cli.example,,hq,A\nわるい 行,bad@cli.example,,nowhere,A\n",
            TestContext.Current.CancellationToken);

        var run = await CliProcess.RunAsync(db.ConnectionString, "staff", "import", file);
        var usage = await CliProcess.RunAsync(db.ConnectionString, "staff");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("1 created, 0 updated, 1 refused", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("line 3: district: one of hq, shiba", run.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM ops.staff"));
        Assert.Equal(2, usage.ExitCode);
    }
}
