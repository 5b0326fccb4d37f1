namespace Minato.Sensors.Simulation;

/// <summary>One reading to publish: at <see cref="Offset"/> from the scenario's start, in the station kind's unit.</summary>
public readonly record struct SimulatedReading(string StationId, TimeSpan Offset, double Value);
