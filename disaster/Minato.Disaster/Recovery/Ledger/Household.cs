namespace Minato.Disaster.Recovery.Ledger;

/// <summary>A household of the victim ledger with its buildings, certificates and support. Personal data: hq only, audited.</summary>
public sealed record Household(
    long Id,
    string HeadName,
    string? HeadNameKana,
    int Members,
    string Address,
    string? Contact,
    string? SpecialNeeds,
    string? Note,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    IReadOnlyList<LedgerBuilding> Buildings,
    IReadOnlyList<LedgerCertificate> Certificates,
    IReadOnlyList<SupportRecord> Support);
