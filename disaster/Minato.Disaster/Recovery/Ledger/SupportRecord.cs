using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Ledger;

/// <summary>A recorded support item of a household (amount in yen, null for support in kind).</summary>
public sealed record SupportRecord(
    long Id, string Kind, LocalizedText KindLabel, long? AmountYen, DateOnly GivenOn, string? Note, DateTimeOffset RecordedAt,
        string RecordedBy);
