namespace Minato.MapClient;

/// <summary>Every entity of a scope as of <paramref name="Seq"/>.</summary>
public sealed record SituationSnapshot(string Scope, string Stream, long Seq, IReadOnlyList<EntityChange> Entities);
