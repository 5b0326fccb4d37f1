using Minato.Audit;

namespace Minato.Disaster.Tests.Audit;

/// <summary><c>minato audit verify</c> as a real process: exit 0 on an intact chain, 1 with the broken row on a tampered one.</summary>
public sealed class AuditCommandTests
{
    [Fact]
    public async Task AuditVerify_IntactThenTampered_ExitCodeAndRowReported()
    {
        await using var db = await TestDatabase.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await AuditLog.AppendAsync(db.DataSource, new AuditRecord("hq-1", "hq", "shelter.update", "shelter", "101"));
        }

        var intact = await CliProcess.RunAsync(db.ConnectionString, "audit", "verify");
        Assert.True(intact.ExitCode == 0, intact.StdErr);
        Assert.Contains("audit chain intact: 3 rows", intact.StdOut, StringComparison.Ordinal);

        await db.ExecuteAsync("SET session_replication_role = replica; UPDATE ops.audit_log SET action = 'shelter.read' WHERE seq = 2; " +
            "SET session_replication_role = origin;");
        var broken = await CliProcess.RunAsync(db.ConnectionString, "audit", "verify");

        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("seq 2:", broken.StdErr, StringComparison.Ordinal);
    }
}
