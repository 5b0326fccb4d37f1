namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// A recorded survey as the API returns it. <see cref="Grade"/> is derived from <see cref="DamageRatio"/> (%);
/// <see cref="Effective"/> marks the building's survey that a certificate is issued from (the latest of its highest round).
/// </summary>
public sealed record Survey(
    long Id,
    int Round,
    Label RoundLabel,
    decimal DamageRatio,
    string Grade,
    Label GradeLabel,
    IReadOnlyList<SurveyComponent>? Components,
    DateTimeOffset SurveyedAt,
    string SurveyedBy,
    DateTimeOffset RecordedAt,
    string? Note,
    bool Effective,
    Building Building)
{
    public static Label LabelOfRound(int round) =>
        round == 2 ? new Label("第2次調査", "Second survey (interior)") : new Label("第1次調査", "First survey (exterior)");
}
