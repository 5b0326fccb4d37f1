using Minato.Disaster.Recovery.Surveys;

namespace Minato.Disaster.Http.Recovery;

/// <summary>A page of surveys (<c>GET /api/surveys</c>).</summary>
public sealed record SurveyList(IReadOnlyList<Survey> Items, int Limit, int Offset);
