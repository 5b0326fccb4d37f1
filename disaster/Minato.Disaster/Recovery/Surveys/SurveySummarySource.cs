using Minato.Disaster.Situation;
using Npgsql;

namespace Minato.Disaster.Recovery.Surveys;

/// <summary>Loads the damage survey summaries of every district into a starting node's live situation.</summary>
public sealed class SurveySummarySource(NpgsqlDataSource db) : ISituationSource
{
    public string Name => "damage-surveys";

    public Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        SurveySummaryChanges.LoadAsync(db, null, cancellationToken);
}
