using System.ComponentModel.DataAnnotations;

namespace Minato.Sensors.Alerts;

/// <summary>Configuration section <c>Sensors:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Sensors:Alerts";

    /// <summary>How long a value must stay below a line (minus hysteresis) before the stage is lowered.</summary>
    [Range(0, 1440)]
    public int MinDwellMinutes { get; set; } = 30;

    /// <summary>Silent for this many reporting intervals = offline.</summary>
    [Range(1, 100)]
    public int OfflineIntervals { get; set; } = 3;

    /// <summary>How often the offline check runs.</summary>
    [Range(1, 3600)]
    public int CheckSeconds { get; set; } = 10;
}
