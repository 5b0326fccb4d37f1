namespace Minato.Sensors.Alerts;

/// <summary>A station's latest reading (<c>sensors.latest</c>) with the values derived from it (e.g. <c>rain_1h</c>).</summary>
/// <param name="ObservedAt">Observation time (UTC).</param>
/// <param name="Value">In the station kind's unit (mm per 10 min, m T.P., µSv/h).</param>
public sealed record LatestReading(
    string StationId, DateTimeOffset ObservedAt, double Value, IReadOnlyDictionary<string, double>? Derived);
