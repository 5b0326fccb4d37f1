using Npgsql;

namespace Minato.Audit.Tests;

/// <summary>The ops.audit_log hash chain against real PostgreSQL: appends chain, tampering of every kind is found.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        for (var i = 1; i <= 5; i++)
        {
            await AuditLog.AppendAsync(_db.DataSource,
                new AuditRecord("user-" + i, "hq", "report.create", "report", i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new { severity = i, note = "浸水 " + i }));
        }
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedChain_IsIntactWithGapFreeSequence()
    {
        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(5, result.Rows);
        Assert.Equal(5, result.HeadSeq);
        Assert.Equal(64, result.HeadHash.Length);
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT count(DISTINCT hash) FROM ops.audit_log"));
    }

    [Fact]
    public async Task Append_RolledBackTransaction_LeavesNoRowAndNoGap()
    {
        await using (var conn = await _db.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await AuditLog.AppendAsync(tx, new AuditRecord("u", "hq", "x.create", "x", "1"));
            await tx.RollbackAsync();
        }

        var seq = await AuditLog.AppendAsync(_db.DataSource, new AuditRecord("u", "hq", "x.create", "x", "2"));

        Assert.Equal(6, seq);
        Assert.True((await AuditVerifier.VerifyAsync(_db.DataSource)).Intact);
    }

    [Fact]
    public async Task Append_ConcurrentWriters_ChainStaysIntact()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await AuditLog.AppendAsync(_db.DataSource, new AuditRecord("w" + w, "field", "report.create", "report", null));
            }
        })));

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);
        Assert.True(result.Intact, string.Join("; ", result.Problems));
        Assert.Equal(85, result.Rows);
    }

    [Fact]
    public async Task UpdateOrDelete_ThroughNormalSql_IsRefused()
    {
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            _db.ExecuteAsync("UPDATE ops.audit_log SET actor = 'x' WHERE seq = 2"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync("DELETE FROM ops.audit_log WHERE seq = 2"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => _db.ExecuteAsync("TRUNCATE ops.audit_log"));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", truncate.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedRow_ReportsThatRow()
    {
        await Tamper("UPDATE ops.audit_log SET details = '{\"severity\": 1}' WHERE seq = 3");

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p =>
            p.StartsWith("seq 3:", StringComparison.Ordinal) && p.Contains("edited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_EditedActorOrTime_IsDetected()
    {
        await Tamper("UPDATE ops.audit_log SET actor = 'someone-else' WHERE seq = 1; UPDATE ops.audit_log SET at = at - interval '1 " +
            "hour' WHERE seq = 4");

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.Contains(result.Problems, p => p.StartsWith("seq 1:", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("seq 4:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DeletedMiddleRow_ReportsTheBrokenLink()
    {
        await Tamper("DELETE FROM ops.audit_log WHERE seq = 2");

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p =>
            p.StartsWith("seq 3:", StringComparison.Ordinal) && p.Contains("prev_hash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_DeletedNewestRow_ReportsTheHead()
    {
        await Tamper("DELETE FROM ops.audit_log WHERE seq = 5");

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.False(result.Intact);
        Assert.Contains(result.Problems, p => p.StartsWith("head:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_RowRehashedInPlace_StillBreaksTheNextLink()
    {
        // A forger who recomputes the edited row's own hash still breaks the next row's prev_hash.
        await Tamper("""
            UPDATE ops.audit_log SET actor = 'forger' WHERE seq = 2;
            UPDATE ops.audit_log SET hash = ops.audit_hash(prev_hash, seq, at, actor, role, action, entity, entity_id,
              details) WHERE seq = 2;
            """);

        var result = await AuditVerifier.VerifyAsync(_db.DataSource);

        Assert.DoesNotContain(result.Problems, p => p.StartsWith("seq 2:", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p =>
            p.StartsWith("seq 3:", StringComparison.Ordinal) && p.Contains("prev_hash", StringComparison.Ordinal));
    }

    /// <summary>Runs SQL as a superuser would to get past the append-only triggers (what a tamperer with DB access does).</summary>
    private Task Tamper(string sql) =>
        _db.ExecuteAsync("SET session_replication_role = replica; " + sql + "; SET session_replication_role = origin;");
}
