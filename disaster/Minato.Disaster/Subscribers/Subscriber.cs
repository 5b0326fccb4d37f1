using System.Text.Json;

namespace Minato.Disaster.Subscribers;

/// <summary>An e-mail subscriber. PERSONAL DATA (the address): hq only, every read audited, never public or live.</summary>
public sealed record Subscriber(long Id, string Email, string Language, JsonElement Area, IReadOnlyList<string> Districts,
    DateTimeOffset CreatedAt);
