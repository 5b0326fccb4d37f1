using System.ComponentModel.DataAnnotations;
using Minato.Gis.Configuration;

namespace Minato.Sensors.Alerts;

/// <summary>Configuration section <c>Minato:Sensors:Alerts</c>.</summary>
public sealed class AlertOptions : IOptionsSection
{
    public static string Section => "Minato:Sensors:Alerts";

    /// <summary>The section's path before every setting moved under <c>Minato</c>; still read, with a warning.</summary>
    public static string? LegacySection => "Sensors:Alerts";

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
