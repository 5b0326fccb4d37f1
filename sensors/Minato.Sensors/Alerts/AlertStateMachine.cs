namespace Minato.Sensors.Alerts;

/// <summary>
/// The alert state of one station measure. Raising is immediate (to the highest line reached: one transition even when
/// several lines are crossed at once); lowering needs the value below the line minus the hysteresis for the rule's
/// minimum dwell, measured on observation time, so a value hovering at a line does not flap. Not thread-safe.
/// </summary>
public sealed class AlertStateMachine(string stationId, AlertRule rule, int stage = 0, DateTimeOffset? since = null)
{
    private DateTimeOffset? _lowerSince;
    private int _lowerTo;

    public AlertRule Rule { get; } = rule;

    public int Stage { get; private set; } = stage;

    public DateTimeOffset? Since { get; private set; } = since;

    /// <summary>Feeds the measure's value at time <paramref name="at"/>; returns the transition, if the stage changed.</summary>
    public AlertTransition? Evaluate(double value, DateTimeOffset at)
    {
        var raise = Rule.RaiseStage(value);
        if (raise > Stage)
        {
            _lowerSince = null;
            return Move(raise, value, at);
        }

        var hold = Rule.HoldStage(value);
        if (hold >= Stage)
        {
            _lowerSince = null;
            return null;
        }

        if (_lowerSince is null || at < _lowerSince)
        {
            _lowerSince = at;
            _lowerTo = hold;
        }
        else
        {
            // Lower only as far as every value during the dwell allows.
            _lowerTo = Math.Max(_lowerTo, hold);
        }

        if (at - _lowerSince.Value >= Rule.MinDwell)
        {
            _lowerSince = null;
            return Move(_lowerTo, value, at);
        }

        return null;
    }

    private AlertTransition Move(int to, double value, DateTimeOffset at)
    {
        var from = Stage;
        Stage = to;
        Since = at;
        return new AlertTransition(stationId, Rule.Measure, from, to, Rule.StageNames[to], Rule.WarningLevels[to], value, at);
    }
}
