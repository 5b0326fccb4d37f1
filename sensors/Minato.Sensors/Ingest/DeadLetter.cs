namespace Minato.Sensors.Ingest;

/// <summary>A rejected message as stored in <c>sensors.dead_letters</c> (payload already truncated).</summary>
public sealed record DeadLetter(string Topic, string Payload, string Reason, string? Detail, DateTimeOffset ReceivedAt);
