namespace Minato.MapClient;

/// <summary>Identity of a situation entity: kind (<c>station</c>, <c>sensor-alert</c>, …) and id.</summary>
public readonly record struct EntityId(string Kind, string Id);
