namespace Minato.Sensors.Derivation;

/// <summary>Names of derived measures (keys of <c>sensors.latest.derived</c> and alert measures). Units in the comments.</summary>
public static class Measures
{
    /// <summary>Rain in the last 10 minutes (mm).</summary>
    public const string Rain10Min = "rain_10min";

    /// <summary>Rolling 60-minute rain (mm) — alerted against the hourly lines.</summary>
    public const string Rain1h = "rain_1h";

    /// <summary>Rolling 24-hour rain (mm).</summary>
    public const string Rain24h = "rain_24h";

    /// <summary>Rain since the event began (mm): since the first rain after at least 6 dry hours.</summary>
    public const string RainEvent = "rain_event";

    /// <summary>River water level (m T.P.).</summary>
    public const string Stage = "stage";

    /// <summary>River rate of rise (m per 10 min; negative = falling).</summary>
    public const string Rise10Min = "rise_10min";

    /// <summary>10-minute mean air dose rate (µSv/h).</summary>
    public const string Dose10Min = "dose_10min";

    /// <summary>Connectivity: stage 1 = offline (silent for three reporting intervals).</summary>
    public const string Offline = "offline";
}
