using Minato.Disaster.Recovery.Surveys;
using Minato.Disaster.Text;

namespace Minato.Disaster.Recovery.Certificates;

/// <summary>
/// A damage certificate (罹災証明書). <see cref="Status"/> is <c>current</c> or <c>superseded</c> (by a later version,
/// <see cref="SupersededBy"/>). The applicant, head, address and grade are as at issue. <see cref="IssuedOn"/> is the
/// date in Asia/Tokyo; <see cref="IssuedOnJa"/> the same in the Japanese era (令和8年11月24日).
/// </summary>
public sealed record Certificate(
    string Number,
    int Version,
    string Status,
    DateOnly IssuedOn,
    string IssuedOnJa,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    string Grade,
    LocalizedText GradeLabel,
    decimal DamageRatio,
    long SurveyId,
    int SurveyRound,
    long BuildingId,
    string Address,
    long HouseholdId,
    string HouseholdHead,
    string ApplicantName,
    string DisasterName,
    string? Reason,
    string? Supersedes,
    string? SupersededBy,
    DateTimeOffset? SupersededAt,
    IReadOnlyList<CertificateVersion> History)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public DamageGrade GradeValue => DamageGrades.FromWire(Grade) ?? DamageGrade.Partial;
}
