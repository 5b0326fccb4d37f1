namespace Minato.Disaster.CallUp;

/// <summary>What an answer link's token leads to (no personal data: the page shows the call-up and the answer given).</summary>
/// <param name="Status">Whether the link may answer now.</param>
/// <param name="Level">The call-up's level, when the link is known.</param>
/// <param name="Reason">The call-up's reason, when the link is known.</param>
/// <param name="Answer"><c>available</c>, <c>unavailable</c> or null (not answered yet).</param>
/// <param name="Minutes">Minutes to arrive, with <c>available</c>.</param>
public sealed record AnswerLink(AnswerLinkStatus Status, string? Level = null, string? Reason = null, string? Answer = null,
    int? Minutes = null);

/// <summary>An answer link's state: usable, unknown (never issued, forged, another system's) or dead (expired, call-up over).</summary>
public enum AnswerLinkStatus
{
    /// <summary>The link may answer (and change the answer) now.</summary>
    Open,

    /// <summary>No such link: 404.</summary>
    Unknown,

    /// <summary>The link's time is up: 410.</summary>
    Expired,

    /// <summary>The call-up has ended (or was dismissed): 410.</summary>
    Ended,
}
