using System.Globalization;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Simulation;

/// <summary>Builds the SenML JSON (RFC 8428) payload and topic a station publishes.</summary>
public static class SenmlWriter
{
    public static string Topic(Station station) => $"minato/v1/{station.Kind.ToWire()}/{station.Id}";

    /// <summary>A pack of several readings of one station (base name and base time once, relative times after).</summary>
    public static string Pack(Station station, IReadOnlyList<(DateTimeOffset At, double Value)> readings)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(readings);
        var bt = readings[0].At.ToUnixTimeMilliseconds() / 1000.0;
        var sb = new System.Text.StringBuilder(64 + readings.Count * 24);
        var (name, unit) = (station.Kind.MeasurementName(), station.Kind.Unit());
        sb.Append(CultureInfo.InvariantCulture,
            $"[{{\"bn\":\"urn:dev:minato:{station.Id}:\",\"bt\":{bt},\"n\":\"{name}\",\"u\":\"{unit}\",\"v\":{readings[0].Value}}}");
        for (var i = 1; i < readings.Count; i++)
        {
            var t = readings[i].At.ToUnixTimeMilliseconds() / 1000.0 - bt;
            sb.Append(CultureInfo.InvariantCulture,
                $",{{\"n\":\"{station.Kind.MeasurementName()}\",\"u\":\"{station.Kind.Unit()}\",\"t\":{t},\"v\":{readings[i].Value}}}");
        }

        return sb.Append(']').ToString();
    }

    public static string Payload(Station station, DateTimeOffset at, double value)
    {
        ArgumentNullException.ThrowIfNull(station);
        var (name, unit, bt) = (station.Kind.MeasurementName(), station.Kind.Unit(), at.ToUnixTimeMilliseconds() / 1000.0);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{{\"bn\":\"urn:dev:minato:{station.Id}:\",\"bt\":{bt},\"n\":\"{name}\",\"u\":\"{unit}\",\"v\":{value}}}]");
    }
}
