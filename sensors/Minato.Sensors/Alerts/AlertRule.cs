namespace Minato.Sensors.Alerts;

/// <summary>
/// The lines of one station measure. Stage k (1…n) is reached when the value is at or above line k; it is left only when
/// the value falls below line k minus <see cref="Hysteresis"/> and stays there for <see cref="MinDwell"/>.
/// </summary>
/// <param name="Lines">Ascending thresholds in the measure's unit.</param>
/// <param name="StageNames">Name of stage 0…n (index 0 = normal).</param>
/// <param name="WarningLevels">警戒レベル implied by stage 0…n (null = none).</param>
/// <param name="Hysteresis">Band below each line, in the measure's unit.</param>
public sealed record AlertRule(
    string Measure,
    IReadOnlyList<double> Lines,
    IReadOnlyList<string> StageNames,
    IReadOnlyList<int?> WarningLevels,
    IReadOnlyList<double> Hysteresis,
    TimeSpan MinDwell)
{
    /// <summary>The stage the value reaches on the way up (count of lines at or below it).</summary>
    public int RaiseStage(double value)
    {
        var stage = 0;
        while (stage < Lines.Count && value >= Lines[stage])
        {
            stage++;
        }

        return stage;
    }

    /// <summary>The stage the value still holds on the way down (lines lowered by the hysteresis band).</summary>
    public int HoldStage(double value)
    {
        var stage = 0;
        while (stage < Lines.Count && value >= Lines[stage] - Hysteresis[stage])
        {
            stage++;
        }

        return stage;
    }
}
