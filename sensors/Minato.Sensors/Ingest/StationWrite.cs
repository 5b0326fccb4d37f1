namespace Minato.Sensors.Ingest;

/// <summary>New rows of one station in a batch, oldest and newest observation time (a late reading shows as an old <see
/// cref="From"/>).</summary>
public sealed record StationWrite(string StationId, int Count, DateTimeOffset From, DateTimeOffset To);
