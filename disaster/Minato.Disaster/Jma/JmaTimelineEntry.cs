namespace Minato.Disaster.Jma;

/// <summary>One message of the JMA timeline (the banners' list): what JMA sent for Minato and when. Immutable.</summary>
public sealed record JmaTimelineEntry(
    long MessageId, string Product, string HeadTitle, string InfoType, DateTimeOffset ReportTime, string Headline, bool Drill);
