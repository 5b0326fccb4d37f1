namespace Minato.Disaster.Situation;

/// <summary>
/// Where <see cref="SituationState"/> delivers a scope's messages for one subscriber (a connection). The state calls
/// these under its lock, in sequence order: implementations must only enqueue, never block or call back.
/// </summary>
public interface ISituationFeed
{
    /// <summary>Starts (or restarts) the scope: drop anything pending for it, then send the snapshot.</summary>
    void Restart(SituationSnapshot snapshot);

    /// <summary>Resumes the scope: drop anything pending for it, then send these deltas (contiguous, may be empty).</summary>
    void CatchUp(string scope, IReadOnlyList<SituationDelta> deltas);

    /// <summary>A new delta of a scope the feed is attached to.</summary>
    void Deliver(SituationDelta delta);
}
