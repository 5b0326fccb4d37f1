using System.Globalization;
using System.Text;
using System.Text.Json;
using Minato.Sensors.Stations;

namespace Minato.Sensors.Ingest;

/// <summary>
/// Turns one MQTT message (topic <c>minato/v1/{kind}/{stationId}</c>, SenML JSON per RFC 8428) into readings or a rejection.
/// A message is all or nothing: one bad record rejects the whole message (it is dead-lettered whole, so nothing is half-stored).
/// Thread-safe; never throws on bad input.
/// </summary>
public sealed class MessageValidator(StationDirectory stations, TimeProvider time, IngestLimits limits)
{
    /// <summary>SenML times below 2^28 are relative to now (RFC 8428 §4.5.3).</summary>
    private const double RelativeTimeLimit = 268_435_456;

    public IngestResult Validate(string topic, ReadOnlySpan<byte> payload)
    {
        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != "minato" || parts[1] != "v1" || !StationKinds.TryParse(parts[2],
            out var topicKind) || parts[3].Length == 0)
        {
            return IngestResult.Rejected(DeadLetterReason.BadTopic, "topic must be minato/v1/{rain|river|radiation}/{stationId}");
        }

        var stationId = parts[3];
        if (payload.Length > limits.MaxPayloadBytes)
        {
            return IngestResult.Rejected(DeadLetterReason.TooLarge, $"payload {payload.Length} bytes > {limits.MaxPayloadBytes}");
        }

        var station = stations.Find(stationId);
        if (station is null)
        {
            return IngestResult.Rejected(DeadLetterReason.UnknownStation, $"no station {stationId}");
        }

        if (station.Kind != topicKind)
        {
            return IngestResult.Rejected(DeadLetterReason.WrongKind, $"{stationId} is a {station.Kind.ToWire()} station");
        }

        try
        {
            return Parse(station, payload);
        }
        catch (Exception e)
            when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return IngestResult.Rejected(DeadLetterReason.Unparseable, Truncate(e.Message, 300));
        }
    }

    private IngestResult Parse(Station station, ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return IngestResult.Rejected(DeadLetterReason.Unparseable, "SenML pack must be a JSON array");
        }

        var now = time.GetUtcNow();
        var readings = new List<Reading>(1);
        string? bn = null, bu = null;
        double bt = 0, bv = 0;
        var expectedName = station.Kind.MeasurementName();
        var expectedUnit = station.Kind.Unit();
        var (min, max) = station.Kind.PossibleRange();
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return IngestResult.Rejected(DeadLetterReason.Unparseable, "SenML records must be objects");
            }

            string? n = null, u = null;
            double? v = null;
            double t = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var field = reader.GetString();
                reader.Read();
                switch (field)
                {
                    case "bn": bn = reader.GetString(); break;
                    case "bt": bt = reader.GetDouble(); break;
                    case "bu": bu = reader.GetString(); break;
                    case "bv": bv = reader.GetDouble(); break;
                    case "n": n = reader.GetString(); break;
                    case "u": u = reader.GetString(); break;
                    case "v": v = reader.GetDouble(); break;
                    case "t": t = reader.GetDouble(); break;
                    default:
                        if (field is "vs" or "vb" or "vd" or "s")
                        {
                            return IngestResult.Rejected(DeadLetterReason.Unparseable,
                                $"record {index}: '{field}' is not a numeric reading");
                        }

                        reader.Skip(); // unknown SenML fields (bver, ut, …) are allowed by RFC 8428 and ignored
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return IngestResult.Rejected(DeadLetterReason.Unparseable, "truncated SenML record");
            }

            var name = (bn ?? "") + (n ?? "");
            var prefix = $"urn:dev:minato:{station.Id}:";
            if (!name.StartsWith("urn:dev:minato:", StringComparison.Ordinal))
            {
                return IngestResult.Rejected(DeadLetterReason.Unparseable,
                    $"record {index}: name '{Truncate(name, 80)}' is not urn:dev:minato:{{station}}:{{measurement}}");
            }

            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return IngestResult.Rejected(DeadLetterReason.StationMismatch,
                    $"record {index}: name '{Truncate(name, 80)}' does not belong to {station.Id}");
            }

            if (!string.Equals(name[prefix.Length..], expectedName, StringComparison.Ordinal))
            {
                return IngestResult.Rejected(DeadLetterReason.UnknownMeasurement,
                    $"record {index}: measurement '{Truncate(name[prefix.Length..], 40)}', expected '{expectedName}'");
            }

            var unit = NormaliseUnit(u ?? bu);
            if (!string.Equals(unit, expectedUnit, StringComparison.Ordinal))
            {
                return IngestResult.Rejected(DeadLetterReason.WrongUnit,
                    $"record {index}: unit '{Truncate(u ?? bu ?? "(none)", 20)}', expected '{expectedUnit}'");
            }

            if (v is null)
            {
                return IngestResult.Rejected(DeadLetterReason.Unparseable, $"record {index}: no value 'v'");
            }

            var value = bv + v.Value;
            if (!double.IsFinite(value) || value < min || value > max)
            {
                return IngestResult.Rejected(DeadLetterReason.ImpossibleValue,
                    $"record {index}: {value.ToString(CultureInfo.InvariantCulture)} outside {min}…{max} {expectedUnit}");
            }

            var seconds = bt + t;
            if (!double.IsFinite(seconds))
            {
                return IngestResult.Rejected(DeadLetterReason.Unparseable, $"record {index}: time is not finite");
            }

            DateTimeOffset at;
            if (Math.Abs(seconds) < RelativeTimeLimit)
            {
                at = now.AddSeconds(seconds);
            }
            else if (seconds > limits.MaxUnixSeconds || seconds < 0)
            {
                return IngestResult.Rejected(DeadLetterReason.FutureTime,
                    $"record {index}: time {seconds.ToString(CultureInfo.InvariantCulture)} out of range");
            }
            else
            {
                // Stored at millisecond precision: the dedupe key (station, time) must be stable across redeliveries.
                at = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }

            if (at > now + limits.MaxClockSkew)
            {
                return IngestResult.Rejected(DeadLetterReason.FutureTime,
                    $"record {index}: {at:O} is more than {limits.MaxClockSkew} ahead of {now:O}");
            }

            if (at < now - limits.MaxAge)
            {
                return IngestResult.Rejected(DeadLetterReason.TooOld, $"record {index}: {at:O} is older than {limits.MaxAge}");
            }

            readings.Add(new Reading(station.Id, at, value));
            index++;
        }

        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            return IngestResult.Rejected(DeadLetterReason.Unparseable, "trailing or truncated JSON");
        }

        return readings.Count == 0
            ? IngestResult.Rejected(DeadLetterReason.Unparseable, "empty SenML pack")
            : IngestResult.Accepted(readings);
    }

    private static string? NormaliseUnit(string? unit) => unit switch
    {
        "\u00B5Sv/h" or "\u03BCSv/h" => "uSv/h", // micro sign and Greek mu are accepted for the ASCII "uSv/h"
        _ => unit,
    };

    /// <summary>Payload as text for the dead letters: UTF-8 (invalid bytes replaced), at most <paramref name="limit"/>
    /// characters.</summary>
    public static string PayloadText(ReadOnlySpan<byte> payload, int limit)
    {
        var slice = payload.Length > limit * 4 ? payload[..(limit * 4)] : payload;
        var text = Encoding.UTF8.GetString(slice).Replace("\0", "\\0", StringComparison.Ordinal);
        return Truncate(text, limit);
    }

    private static string Truncate(string s, int limit) => s.Length <= limit ? s : s[..limit] + "…";
}
