namespace Minato.Disaster.Recovery.Surveys;

/// <summary>Filters of <c>GET /api/surveys</c>; <see cref="SurveyedBy"/> is forced to the caller for field staff.</summary>
public sealed record SurveyQuery(
    long? BuildingId = null, string? District = null, string? Grade = null, int? Round = null, string? SurveyedBy = null,
    int Limit = 100, int Offset = 0);
