using Minato.Disaster.Text;
namespace Minato.Disaster.Recovery.Ledger;

/// <summary>A building linked to a household, with its effective survey (the latest of the highest round), if any.</summary>
public sealed record LedgerBuilding(
    long Id, string Address, string Structure, string Use, string? District, int Surveys,
    long? EffectiveSurveyId, int? EffectiveRound, decimal? DamageRatio, string? Grade, LocalizedText? GradeLabel);
