namespace Minato.MapClient;

/// <summary>An entity in a snapshot or a delta. <paramref name="Data"/> is JSON text; null in a delta = the entity is gone.</summary>
public sealed record EntityChange(string Kind, string Id, string? Data);
