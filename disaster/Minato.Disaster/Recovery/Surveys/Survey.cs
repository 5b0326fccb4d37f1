using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// A recorded survey as the API returns it. <see cref="Grade"/> is derived from <see cref="DamageRatio"/> (%);
/// <see cref="Effective"/> marks the building's survey that a certificate is issued from (the latest of its highest round).
/// </summary>
public sealed record Survey(
    long Id,
    int Round,
    LocalizedText RoundLabel,
    decimal DamageRatio,
    string Grade,
    LocalizedText GradeLabel,
    IReadOnlyList<SurveyComponent>? Components,
    DateTimeOffset SurveyedAt,
    string SurveyedBy,
    DateTimeOffset RecordedAt,
    string? Note,
    bool Effective,
    Building Building)
{
    public static LocalizedText LabelOfRound(int round) =>
        round == 2 ? new LocalizedText("第2次調査", "Second survey (interior)") : new LocalizedText("第1次調査", "First survey (exterior)");
}
