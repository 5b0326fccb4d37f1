namespace Minato.Disaster.Recovery.Ledger;

/// <summary>
/// Filters of <c>GET /api/ledger/households</c>: <see cref="Search"/> matches the head's name (or kana) or the address
/// (substring, case-insensitive); <see cref="BuildingId"/> the households linked to a building.
/// </summary>
public sealed record LedgerQuery(string? Search = null, long? BuildingId = null, int Limit = 100, int Offset = 0);
