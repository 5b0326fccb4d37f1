using System.Text.Json;
using Minato.Disaster.Situation;
using Minato.Sensors.Alerts;

namespace Minato.Server.Live;

/// <summary>
/// The situation changes of the sensor kinds (<c>station</c>, <c>sensor-alert</c>): payload, public projection and
/// routing, in one place. Sensor data is public (no personal data), so the public projection is the full payload.
/// </summary>
internal static class SensorChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SituationChange Station(StationInfo s, DateTimeOffset observedAt, double? value, IReadOnlyDictionary<string,
        double>? derived)
    {
        var data = JsonSerializer.Serialize(
            new StationPayload(s.Id, s.Kind, s.NameJa, s.NameEn, s.District, s.Lon, s.Lat, value, observedAt, derived), Json);
        return new SituationChange(
            SituationKinds.Station, s.Id, data, data, new ChangeRouting(District: s.District), Coalesce: true,
                Version: observedAt.ToUnixTimeMilliseconds());
    }

    public static SituationChange Alert(StationInfo s, AlertTransition t)
    {
        var id = t.StationId + "/" + t.Measure;
        if (t.ToStage == 0)
        {
            return SituationChange.Removed(SituationKinds.SensorAlert, id);
        }

        var data = JsonSerializer.Serialize(
            new AlertPayload(t.StationId, s.Kind, t.Measure, t.ToStage, t.StageName, t.WarningLevel, t.Value, t.At, s.District), Json);
        return new SituationChange(SituationKinds.SensorAlert, id, data, data, new ChangeRouting(District: s.District, Alert: true));
    }

    private sealed record StationPayload(
        string Id, string Kind, string NameJa, string NameEn, string? District, double Lon, double Lat,
        double? Value, DateTimeOffset ObservedAt, IReadOnlyDictionary<string, double>? Derived);

    private sealed record AlertPayload(
        string StationId, string StationKind, string Measure, int Stage, string StageName, int? WarningLevel, double? Value,
        DateTimeOffset Since, string? District);
}
