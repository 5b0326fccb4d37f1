namespace Minato.Disaster.Jma;

/// <summary>What became of one received message: <c>stored</c>, <c>duplicate</c> (already held) or <c>rejected</c> (kept with
/// its <see cref="Reason"/>). Immutable.</summary>
public sealed record JmaIntake(string Outcome, long? Id, string? Title, string? Product, string? Reason)
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    /// <summary>One line for the CLI: <c>stored 12 気象警報・注意報（Ｈ２７）</c>, <c>duplicate 12</c>, <c>rejected 13: reason</c>.</summary>
    public string Line => Outcome switch
    {
        Rejected => $"rejected {Id}: {Reason}",
        _ => $"{Outcome} {Id} {Title}".TrimEnd(),
    };
}
