namespace Minato.Disaster.Situation;

/// <summary>Identity of a situation entity.</summary>
internal readonly record struct EntityKey(string Kind, string Id);
