using Minato.Audit;

namespace Minato.Disaster.Tests.Reports;

/// <summary><c>minato demo load</c> as a real process creates the demo reports once, with districts, blocked roads and audit
/// rows.</summary>
public sealed class ReportDemoLoadTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DemoLoad_Twice_CreatesReportsOnceWithStatusesAndBlockedRoads()
    {
        var first = await CliProcess.RunAsync(_db.ConnectionString, "demo", "load");
        var second = await CliProcess.RunAsync(_db.ConnectionString, "demo", "load");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("demo reports: 6 created, 0 already there" + Environment.NewLine, first.StdOut, StringComparison.Ordinal);
        Assert.Contains("demo reports: 0 created, 6 already there" + Environment.NewLine, second.StdOut, StringComparison.Ordinal);
        Assert.Equal(6L, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.reports"));
        Assert.Equal("shiba,shiba,azabu,akasaka,takanawa,shibaura-konan",
            await _db.ScalarAsync<string>("SELECT string_agg(coalesce(district, '?'), ',' ORDER BY id) FROM ops.reports"));
        Assert.Equal("confirmed,reported,assigned,reported,reported,rejected",
            await _db.ScalarAsync<string>("SELECT string_agg(status, ',' ORDER BY id) FROM ops.reports"));
        // Both road-blocked reports closed real demo road segments.
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(DISTINCT report_id) FROM ops.report_roads"));
        Assert.True(await _db.ScalarAsync<long>("SELECT count(*) FROM gis.roads WHERE blocked") >= 2);
        Assert.Equal(6L, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'report.create'"));
        Assert.True((await AuditVerifier.VerifyAsync(_db.DataSource, TestContext.Current.CancellationToken)).Intact);
    }
}
