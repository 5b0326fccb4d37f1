namespace Minato.Disaster.PublicAlerts;

/// <summary>One entry of the CAP Atom index: the newest message of a current (or just cancelled) alert.</summary>
public sealed record FeedEntry(
    long AlertId, int Version, string Identifier, string MsgType, string Status, int Level, DateTimeOffset Sent,
    IReadOnlyDictionary<string, string> Headline);
