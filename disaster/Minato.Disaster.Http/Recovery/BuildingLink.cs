namespace Minato.Disaster.Http.Recovery;

/// <summary><c>POST /api/ledger/households/{id}/buildings</c>: the building to link.</summary>
public sealed record BuildingLink(long? BuildingId);
