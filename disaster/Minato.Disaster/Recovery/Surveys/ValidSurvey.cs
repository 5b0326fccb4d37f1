namespace Minato.Disaster.Recovery.Surveys;

/// <summary>A survey request that passed <see cref="SurveyValidator"/>: every value checked, the ratio and grade settled.</summary>
public sealed record ValidSurvey(
    long? BuildingId,
    ValidBuilding? Building,
    int Round,
    decimal DamageRatio,
    DamageGrade Grade,
    IReadOnlyList<SurveyComponent>? Components,
    DateTimeOffset SurveyedAt,
    string? Note);
