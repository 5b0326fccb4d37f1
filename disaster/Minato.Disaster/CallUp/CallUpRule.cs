namespace Minato.Disaster.CallUp;

/// <summary>
/// A 配備体制 rule (data, edited by hq, versioned): when <see cref="TriggerKind"/> <c>jma</c> with <see
/// cref="TriggerCode"/>, or <c>intensity</c> at or above <see cref="MinIntensity"/>, propose calling up <see
/// cref="Groups"/> (empty = everyone) at <see cref="Level"/>; <see cref="Immediate"/> calls up at once without hq's
/// confirmation (earthquakes).
/// </summary>
public sealed record CallUpRule(long Id, int Version, string Name, string TriggerKind, string? TriggerCode, string? MinIntensity,
    string Level, IReadOnlyList<string> Groups, bool Immediate, bool Active, DateTimeOffset UpdatedAt, string UpdatedBy);
