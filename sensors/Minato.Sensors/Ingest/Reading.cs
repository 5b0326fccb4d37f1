namespace Minato.Sensors.Ingest;

/// <summary>One validated reading: rain mm per 10 min, river level m T.P. or dose rate µSv/h, at <see cref="ObservedAt"/> (UTC).</summary>
public readonly record struct Reading(string StationId, DateTimeOffset ObservedAt, double Value);
