using Minato.Disaster.Recovery;
using Minato.Audit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>The demo's damage surveys, certificates and ledger load through the audited stores, once.</summary>
public sealed class RecoveryDemoLoaderTests
{
    [Fact]
    public async Task Load_Twice_LoadsOnceAndAuditsEverything()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo");

        var first = await RecoveryDemoLoader.LoadAsync(db.DataSource, folder, TimeProvider.System);
        var second = await RecoveryDemoLoader.LoadAsync(db.DataSource, folder, TimeProvider.System);

        Assert.Equal("demo damage surveys: 3 buildings surveyed, 2 certificates issued, 0 already there", first);
        Assert.Equal("demo damage surveys: 0 buildings surveyed, 0 certificates issued, 3 already there", second);
        Assert.Equal(4, await db.ScalarAsync<long>("SELECT count(*) FROM ops.damage_surveys"));
        // Numbered in the era year of today (the loader runs on the real clock).
        Assert.Matches(@"^港区-R\d+-000001,港区-R\d+-000002$",
            await db.ScalarAsync<string>("SELECT string_agg(number, ',' ORDER BY seq) FROM ops.certificates"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'certificate.issue' AND actor = " +
            "'demo-hq'"));
        Assert.True((await AuditVerifier.VerifyAsync(db.DataSource)).Intact);
    }
}
