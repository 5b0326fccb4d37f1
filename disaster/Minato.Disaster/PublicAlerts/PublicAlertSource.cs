using Minato.Disaster.Situation;

namespace Minato.Disaster.PublicAlerts;

/// <summary>The active public alerts, for the live situation of a starting node.</summary>
public sealed class PublicAlertSource(PublicAlertStore store) : ISituationSource
{
    public string Name => "public-alerts";

    public async Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken) =>
        (await store.ActiveAsync(cancellationToken)).Select(PublicAlertChanges.For).ToList();
}
