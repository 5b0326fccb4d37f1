namespace Minato.Disaster.Idempotency;

/// <summary>What <see cref="IdempotencyStore.ClaimAsync"/> found for a key.</summary>
public sealed record IdempotencyClaim
{
    private IdempotencyClaim(IdempotencyOutcome outcome, StoredResponse? response)
    {
        Outcome = outcome;
        Response = response;
    }

    public IdempotencyOutcome Outcome { get; }

    /// <summary>The first result, for <see cref="IdempotencyOutcome.Replay"/>.</summary>
    public StoredResponse? Response { get; }

    /// <summary>The key is new (or expired): this transaction does the work and must call <see
    /// cref="IdempotencyStore.CompleteAsync"/>.</summary>
    public static IdempotencyClaim Claimed { get; } = new(IdempotencyOutcome.Claimed, null);

    /// <summary>The same key with other content: refuse (422), change nothing.</summary>
    public static IdempotencyClaim Mismatch { get; } = new(IdempotencyOutcome.Mismatch, null);

    /// <summary>The same key and content were done before: answer <paramref name="response"/> again, change nothing.</summary>
    public static IdempotencyClaim Replay(StoredResponse response) => new(IdempotencyOutcome.Replay, response);
}
