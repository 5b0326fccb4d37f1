namespace Minato.MapClient;

/// <summary>The next changes of a scope; <paramref name="Seq"/> is gap-free within <paramref name="Stream"/>.</summary>
public sealed record SituationDelta(string Scope, string Stream, long Seq, IReadOnlyList<EntityChange> Changes);
