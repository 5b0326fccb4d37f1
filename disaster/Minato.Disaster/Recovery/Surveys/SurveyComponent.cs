namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// One component of a survey's breakdown (屋根, 柱, 外壁, …): its weight in the building (% of the whole, the weights of
/// a breakdown add up to 100) and its damage (% of the component). Its share of the damage ratio is weight × damage / 100.
/// </summary>
public sealed record SurveyComponent(string Component, decimal Weight, decimal Damage);
