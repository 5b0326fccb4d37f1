using System.Text.Json;

namespace Minato.Disaster.Subscribers;

/// <summary>
/// The body of <c>POST /api/subscribers</c>: an e-mail address, a language (ja, en, zh, ko, ja-easy) and the registered
/// area — district ids, a GeoJSON Point or a GeoJSON Polygon (lon, lat) — exactly one of them.
/// </summary>
public sealed record SubscriberRequest(string? Email, string? Language, SubscriberAreaRequest? Area);

/// <summary>A subscriber's area: exactly one of districts, point, polygon.</summary>
public sealed record SubscriberAreaRequest(List<string>? Districts, JsonElement? Point, JsonElement? Polygon);
