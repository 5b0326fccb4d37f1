using System.Globalization;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Simulation;

/// <summary>Builds the SenML JSON (RFC 8428) payload and topic a station publishes.</summary>
public static class SenmlWriter
{
    public static string Topic(Station station) => $"minato/v1/{station.Kind.ToWire()}/{station.Id}";

    public static string Payload(Station station, DateTimeOffset at, double value)
    {
        ArgumentNullException.ThrowIfNull(station);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{{\"bn\":\"urn:dev:minato:{station.Id}:\",\"bt\":{at.ToUnixTimeMilliseconds() / 1000.0},\"n\":\"{station.Kind.MeasurementName()}\",\"u\":\"{station.Kind.Unit()}\",\"v\":{value}}}]");
    }
}
