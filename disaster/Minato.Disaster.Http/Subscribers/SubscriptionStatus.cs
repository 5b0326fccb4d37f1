namespace Minato.Disaster.Http.Subscribers;

/// <summary>The answer of the self-registration endpoints: <c>confirmation-sent</c> or <c>subscribed</c> (never the address).</summary>
public sealed record SubscriptionStatus(string Status, string? Language = null, IReadOnlyList<string>? Districts = null);
