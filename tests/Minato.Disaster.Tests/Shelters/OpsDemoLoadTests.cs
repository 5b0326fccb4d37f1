namespace Minato.Disaster.Tests.Shelters;

/// <summary>
/// <c>minato demo load</c> as a real process: the demo centres open with their counts and the demo tasks are created,
/// routed and audited; a second load changes nothing.
/// </summary>
public sealed class OpsDemoLoadTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DemoLoad_Twice_OpensCentresCreatesTasksOnce()
    {
        var first = await CliProcess.RunAsync(_db.ConnectionString, "demo", "load");
        var openAfterFirst = await _db.ScalarAsync<long>("SELECT count(*) FROM ops.shelter_status WHERE open");
        var second = await CliProcess.RunAsync(_db.ConnectionString, "demo", "load");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("demo evacuation centres: 6 opened, 6 reported, 0 already so\n", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("demo tasks: 4 created, 0 already there", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("demo evacuation centres: 0 opened, 0 reported, 6 already so", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("demo tasks: 0 created, 4 already there", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(6, openAfterFirst);
        Assert.Equal(4, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.tasks"));
        // The centre's request went to the district it lies in (芝小学校 → shiba).
        Assert.Equal("shiba", await _db.ScalarAsync<string>("SELECT to_id FROM ops.tasks WHERE type = 'request'"));
        Assert.Equal(4, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'task.create'"));
        Assert.Equal(12, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE entity = 'shelter'"));
    }
}
