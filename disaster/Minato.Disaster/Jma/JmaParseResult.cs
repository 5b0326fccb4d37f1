namespace Minato.Disaster.Jma;

/// <summary>A message read (<see cref="Message"/>) or refused with its reason (malformed, unknown, oversized). Immutable.</summary>
public sealed record JmaParseResult(JmaMessage? Message, string? Reason)
{
    public static JmaParseResult Ok(JmaMessage message) => new(message, null);

    public static JmaParseResult Rejected(string reason) => new(null, reason);
}
