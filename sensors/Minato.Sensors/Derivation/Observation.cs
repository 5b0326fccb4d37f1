namespace Minato.Sensors.Derivation;

/// <summary>A stored reading of one station (value in the station kind's unit).</summary>
public readonly record struct Observation(DateTimeOffset At, double Value);
