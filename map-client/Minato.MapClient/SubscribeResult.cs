namespace Minato.MapClient;

/// <summary>The hub's answer to a subscription: accepted, or refused with the reason (e.g. the token may not join the scope).</summary>
public sealed record SubscribeResult(bool Accepted, string? Error = null);
