using System.Text.Json;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// A resident alert as published (the JSON of <c>/api/public-alerts</c> and of the live kind <c>public-alert</c>). It is
/// public in full: no issuer identity, no subscriber data. <see cref="Geometry"/> is GeoJSON in EPSG:6668 (lon, lat).
/// </summary>
public sealed record PublicAlert(
    long Id,
    string Identifier,
    int Version,
    string MsgType,
    string Status,
    bool Active,
    bool Cancelled,
    int Level,
    string? Evacuation,
    IReadOnlyDictionary<string, string> Event,
    JsonElement Area,
    IReadOnlyList<string> Districts,
    IReadOnlyDictionary<string, string> AreaDescription,
    IReadOnlyDictionary<string, string> Headline,
    IReadOnlyDictionary<string, string> Description,
    IReadOnlyDictionary<string, string>? Instruction,
    DateTimeOffset Sent,
    DateTimeOffset? Expires,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CancelledAt,
    string CapUrl,
    JsonElement Geometry)
{
    /// <summary>camelCase JSON; language keys (<c>ja-easy</c>) kept as they are; Japanese written as is, not as \u escapes.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Path of this alert's newest CAP document.</summary>
    public static string CapPath(long id) => $"/alerts/cap/{id}.xml";

    /// <summary>Path of one message (version) of an alert.</summary>
    public static string CapPath(long id, int version) => $"/alerts/cap/{id}/{version}.xml";
}
