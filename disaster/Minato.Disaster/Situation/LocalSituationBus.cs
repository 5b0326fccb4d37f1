namespace Minato.Disaster.Situation;

/// <summary>The one-node bus: changes go straight to the local state. Thread-safe.</summary>
public sealed class LocalSituationBus(SituationState state) : ISituationBus
{
    public void Publish(IReadOnlyList<SituationChange> changes) => state.Publish(changes);
}
