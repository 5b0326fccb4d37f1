namespace Minato.Disaster.Situation;

/// <summary>Every entity of a scope as of <paramref name="Seq"/> (the next delta is <c>Seq + 1</c>).</summary>
public sealed record SituationSnapshot(string Scope, string Stream, long Seq, IReadOnlyList<EntityChange> Entities);
