namespace Minato.Sensors.Alerts;

/// <summary>An event of the in-process sensor stream (the live layer pushes these). Times in UTC.</summary>
public abstract record SensorEvent(string StationId, DateTimeOffset At);

/// <summary>An alert stage changed (stored in <c>sensors.alert_states</c>/<c>alert_history</c> before it is published).</summary>
public sealed record AlertChanged(AlertTransition Transition) : SensorEvent(Transition.StationId, Transition.At);

/// <summary>A station's latest reading and derived values changed (values in the kind's unit, keys from <c>Measures</c>).</summary>
public sealed record StationUpdated(string StationId, DateTimeOffset At, double Value, IReadOnlyDictionary<string, double> Derived)
    : SensorEvent(StationId, At);
