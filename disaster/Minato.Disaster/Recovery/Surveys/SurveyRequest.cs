namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// <c>POST /api/surveys</c>: either <see cref="BuildingId"/> (a building already surveyed) or <see cref="Building"/>
/// (a new one); <see cref="Round"/> 1 (第1次調査, exterior) or 2 (第2次調査, interior: only for a building with a round-1
/// survey); the damage ratio in % (0–100, two decimals at most) or a component breakdown it is computed from (or both,
/// which must agree); when it was surveyed (default now) and a note. The grade is derived, never given.
/// </summary>
public sealed record SurveyRequest(
    long? BuildingId,
    BuildingInput? Building,
    int? Round,
    decimal? DamageRatio,
    IReadOnlyList<SurveyComponent>? Components,
    DateTimeOffset? SurveyedAt,
    string? Note);
