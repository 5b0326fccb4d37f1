using Minato.Disaster.Situation;

namespace Minato.Disaster.Jma;

/// <summary>What JMA has in force for Minato, for the live situation of a starting node.</summary>
public sealed class JmaSource(JmaStore store) : ISituationSource
{
    public string Name => "jma";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        [await store.SituationAsync(cancellationToken)];
}
