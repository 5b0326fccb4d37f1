using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Ledger;

/// <summary>A certificate issued to a household (every version; <see cref="Status"/> current or superseded).</summary>
public sealed record LedgerCertificate(string Number, int Version, string Status, long BuildingId, string Grade, LocalizedText GradeLabel,
    DateOnly IssuedOn);
