using Minato.Disaster.Situation;

namespace Minato.Disaster.Shelters;

/// <summary>Every shelter with its state, for the snapshots of a node that starts.</summary>
public sealed class ShelterSource(ShelterStore shelters) : ISituationSource
{
    public string Name => "shelters";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken)
    {
        var all = await shelters.ListAsync(null, null, cancellationToken);
        return all.Select(ShelterChanges.Change).ToList();
    }
}
