namespace Minato.Disaster.Idempotency;

/// <summary>See <see cref="IdempotencyClaim"/>.</summary>
public enum IdempotencyOutcome
{
    Claimed,
    Replay,
    Mismatch,
}
