namespace Minato.Disaster.Safety;

/// <summary>
/// The answer of <c>GET /api/safety/search</c>. A person who did not consent, and a person who does not exist, give the same
/// answer: no match.
/// </summary>
public sealed record SafetyAnswer(IReadOnlyList<SafetyMatch> Matches);
