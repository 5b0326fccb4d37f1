namespace Minato.Sensors.Stations;

/// <summary>What a station measures; also the <c>{kind}</c> segment of its MQTT topic.</summary>
public enum StationKind
{
    /// <summary>Rain gauge: 10-minute increments in mm (SenML n = "rain", u = "mm").</summary>
    Rain,

    /// <summary>River-level gauge: water level in m T.P. (SenML n = "level", u = "m").</summary>
    River,

    /// <summary>Radiation monitoring post: air dose rate in µSv/h (SenML n = "dose_rate", u = "uSv/h").</summary>
    Radiation,
}
