namespace Minato.Disaster.Jma;

/// <summary>A stored message as <c>GET /api/jma/messages</c> lists it; <see cref="Xml"/> only for hq. Immutable.</summary>
public sealed record JmaStoredMessage(
    long Id, string Source, DateTimeOffset ReceivedAt, string Status, string? Reason, string? Title, string? HeadTitle, string? Product,
    string? ControlStatus, string? InfoType, DateTimeOffset? ReportTime, string? Headline, bool ConcernsMinato, string? EntryId,
    string? Xml);
