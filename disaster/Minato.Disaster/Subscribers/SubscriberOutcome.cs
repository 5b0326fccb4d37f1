namespace Minato.Disaster.Subscribers;

/// <summary>What registering a subscriber came to: the subscriber, or why not (invalid: 422; duplicate address: 409).</summary>
public sealed record SubscriberOutcome(Subscriber? Subscriber, string? Error = null, bool Duplicate = false);
