namespace Minato.Disaster.Recovery.Ledger;

/// <summary>A line of the ledger list: the household, how many buildings, certificates and support items, the worst grade.</summary>
public sealed record HouseholdSummary(
    long Id, string HeadName, int Members, string Address, int Buildings, int Certificates, int SupportItems, string? WorstGrade,
    DateTimeOffset UpdatedAt);
