namespace Minato.Disaster.Recovery;

/// <summary>A value type carried in an <see cref="Outcome{T}"/> (which holds reference types).</summary>
internal sealed record Box<T>(T Value)
    where T : struct;
