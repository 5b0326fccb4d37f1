using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Idempotency;
using Npgsql;

namespace Minato.Disaster.Tests.Idempotency;

/// <summary>The idempotency store on real PostgreSQL: replay, mismatch, scoping, expiry and concurrent claims.</summary>
public sealed class IdempotencyStoreTests : IAsyncLifetime
{
    private static readonly byte[] HashA = IdempotencyStore.Hash([new byte[] { 1, 2, 3 }]);
    private static readonly byte[] HashB = IdempotencyStore.Hash([new byte[] { 1, 2 }, new byte[] { 3 }]);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 3, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private IdempotencyStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _store = new IdempotencyStore(_time, new IdempotencyOptions { RetentionHours = 24 });
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void Hash_PartBoundaries_AreSignificant()
    {
        Assert.NotEqual(Convert.ToHexString(HashA), Convert.ToHexString(HashB));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", true)]
    [InlineData("tab\tinside", false)]
    [InlineData("日本語のキーです", false)]
    public void Check_KeyShape(string? key, bool ok) => Assert.Equal(ok, IdempotencyKey.Check(key) is null);

    [Fact]
    public async Task Claim_AfterCommit_ReplaysSameContentAndRefusesOther()
    {
        var key = new IdempotencyKey("test.op", "alice", "key-00000001");
        Assert.Equal(IdempotencyOutcome.Claimed, await ClaimAndCompleteAsync(key, HashA, commit: true));

        await using var conn = await _db.DataSource.OpenConnectionAsync(Ct);
        await using var tx = await conn.BeginTransactionAsync(Ct);
        var replay = await _store.ClaimAsync(tx, key, HashA, Ct);
        var mismatch = await _store.ClaimAsync(tx, key, HashB, Ct);
        var otherActor = await _store.ClaimAsync(tx, key with { Actor = "bob" }, HashB, Ct);
        var otherScope = await _store.ClaimAsync(tx, key with { Scope = "test.other" }, HashB, Ct);

        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(new StoredResponse(201, "/x/1", "{\"id\":1}"), replay.Response);
        Assert.Equal(IdempotencyOutcome.Mismatch, mismatch.Outcome);
        Assert.Equal(IdempotencyOutcome.Claimed, otherActor.Outcome);
        Assert.Equal(IdempotencyOutcome.Claimed, otherScope.Outcome);
    }

    [Fact]
    public async Task Claim_RolledBack_LeavesTheKeyFree()
    {
        var key = new IdempotencyKey("test.op", "alice", "key-rollback");
        Assert.Equal(IdempotencyOutcome.Claimed, await ClaimAndCompleteAsync(key, HashA, commit: false));

        Assert.Equal(IdempotencyOutcome.Claimed, await ClaimAndCompleteAsync(key, HashB, commit: true));
    }

    [Fact]
    public async Task Claim_AfterRetention_TakesTheKeyOverAndPurgeRemovesExpired()
    {
        var key = new IdempotencyKey("test.op", "alice", "key-expiring");
        await ClaimAndCompleteAsync(key, HashA, commit: true);
        await ClaimAndCompleteAsync(key with { Key = "key-expiring-2" }, HashA, commit: true);

        _time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(IdempotencyOutcome.Mismatch, await ClaimAndCompleteAsync(key, HashB, commit: false));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(IdempotencyOutcome.Claimed, await ClaimAndCompleteAsync(key, HashB, commit: true));

        Assert.Equal(1, await _store.PurgeExpiredAsync(_db.DataSource, Ct));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM ops.idempotency"));
    }

    [Fact]
    public async Task Claim_ConcurrentSecondRequest_WaitsForTheFirstThenReplays()
    {
        var key = new IdempotencyKey("test.op", "alice", "key-concurrent");
        await using var conn1 = await _db.DataSource.OpenConnectionAsync(Ct);
        await using var tx1 = await conn1.BeginTransactionAsync(Ct);
        Assert.Equal(IdempotencyOutcome.Claimed, (await _store.ClaimAsync(tx1, key, HashA, Ct)).Outcome);

        var second = Task.Run(async () =>
        {
            await using var conn2 = await _db.DataSource.OpenConnectionAsync(Ct);
            await using var tx2 = await conn2.BeginTransactionAsync(Ct);
            return await _store.ClaimAsync(tx2, key, HashA, Ct);
        }, Ct);

        // The second claim blocks on the first's uncommitted row: wait until PostgreSQL shows it waiting on a lock.
        await Wait.UntilAsync(async () => await _db.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
            TimeSpan.FromSeconds(20), "the second claim to wait on the first's lock");

        Assert.False(second.IsCompleted);
        await _store.CompleteAsync(tx1, key, new StoredResponse(201, "/x/9", "first"), Ct);
        await tx1.CommitAsync(Ct);

        var claim = await second;
        Assert.Equal(IdempotencyOutcome.Replay, claim.Outcome);
        Assert.Equal("first", claim.Response!.Body);
    }

    private async Task<IdempotencyOutcome> ClaimAndCompleteAsync(IdempotencyKey key, byte[] hash, bool commit)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync(Ct);
        await using NpgsqlTransaction tx = await conn.BeginTransactionAsync(Ct);
        var claim = await _store.ClaimAsync(tx, key, hash, Ct);
        if (claim.Outcome == IdempotencyOutcome.Claimed)
        {
            await _store.CompleteAsync(tx, key, new StoredResponse(201, "/x/1", "{\"id\":1}"), Ct);
            if (commit)
            {
                await tx.CommitAsync(Ct);
            }
        }

        return claim.Outcome;
    }
}
