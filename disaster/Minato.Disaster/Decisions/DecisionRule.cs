namespace Minato.Disaster.Decisions;

/// <summary>
/// One row of the decision table: when <paramref name="Trigger"/> of <paramref name="Source"/> is in force (for
/// <paramref name="River"/> when given), the 町丁目 in the hazard areas of <paramref name="Hazard"/> (rank ≥
/// <paramref name="MinRank"/>) get <paramref name="Level"/>. A null level proposes no evacuation level but staff
/// deployment (配備: earthquakes).
/// </summary>
/// <param name="Hazard">flood, inland_flood, storm_surge, tsunami, landslide, or <c>ward</c> (every 町丁目).</param>
/// <param name="Basis">Where the row comes from (避難情報に関するガイドライン, a ward convention…).</param>
public sealed record DecisionRule(
    string Source, string Trigger, string? River, string Hazard, int MinRank, int? Level, string? Staff, string Basis);
