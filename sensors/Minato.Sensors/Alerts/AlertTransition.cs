namespace Minato.Sensors.Alerts;

/// <summary>A change of alert stage of one station measure, at an observation time (UTC).</summary>
public sealed record AlertTransition(
    string StationId, string Measure, int FromStage, int ToStage, string StageName, int? WarningLevel, double? Value, DateTimeOffset At)
{
    public bool IsRaise => ToStage > FromStage;
}
