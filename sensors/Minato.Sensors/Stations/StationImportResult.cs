namespace Minato.Sensors.Stations;

/// <summary>What an import stored and, per rejected feature, why (index is the 0-based feature position).</summary>
public sealed record StationImportResult(int Imported, IReadOnlyList<StationImportError> Errors);

/// <summary>One rejected feature of a station import.</summary>
public sealed record StationImportError(int Index, string? Id, string Message);
