using Minato.Disaster.Situation;

namespace Minato.Disaster.CallUp;

/// <summary>Open call-ups and those ended in the last day, for the snapshots of a node that starts.</summary>
public sealed class CallUpSource(CallUpService callUps) : ISituationSource
{
    public string Name => "call-ups";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        [.. (await callUps.LoadLiveAsync(cancellationToken)).SelectMany(CallUpChanges.For)];
}
