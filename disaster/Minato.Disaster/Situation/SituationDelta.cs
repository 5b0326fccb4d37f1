namespace Minato.Disaster.Situation;

/// <summary>
/// Changes of one scope with its gap-free sequence number: a client that applied <c>Seq - 1</c> applies this; any
/// other number is a duplicate (ignore) or a gap (call <c>Resync</c>). <paramref name="Stream"/> names the sequence
/// (one per server node and start): a different stream means a fresh snapshot is needed.
/// </summary>
public sealed record SituationDelta(string Scope, string Stream, long Seq, IReadOnlyList<EntityChange> Changes);
