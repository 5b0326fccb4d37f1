namespace Minato.Sensors.Ingest;

/// <summary>What one batch wrote: new rows, dropped duplicates, and per station the new rows' time span.</summary>
public sealed record WriteResult(int Inserted, int Duplicates, IReadOnlyList<StationWrite> Stations);
