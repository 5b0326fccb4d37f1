namespace Minato.Sensors.Ingest;

/// <summary>Raised after a batch is committed (and before its messages are acknowledged). <see cref="Readings"/> is the whole
/// batch.</summary>
public sealed record CommittedBatch(WriteResult Result, IReadOnlyList<Reading> Readings, int DeadLetters, DateTimeOffset CommittedAt);
