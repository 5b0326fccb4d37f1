namespace Minato.Disaster.CallUp;

/// <summary>
/// A call-up as hq sees it: state (<c>proposed</c> waiting for hq, <c>active</c>, <c>ended</c>, <c>dismissed</c>), level
/// with its names, groups (empty = everyone), the reason and the rule that proposed it, times, and the board.
/// </summary>
public sealed record CallUpView(long Id, string State, string Level, string LevelJa, string LevelEn, IReadOnlyList<string> Groups,
    string Reason, long? RuleId, int? RuleVersion, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt, DateTimeOffset? LinksExpire, DateTimeOffset? RemindedAt, long BoardVersion, CallUpBoard Board);
