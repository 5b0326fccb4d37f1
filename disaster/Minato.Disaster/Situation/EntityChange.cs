namespace Minato.Disaster.Situation;

/// <summary>Wire form of an entity in a snapshot or a delta. <paramref name="Data"/> is JSON text; null in a delta = removed.</summary>
public sealed record EntityChange(string Kind, string Id, string? Data);
