namespace Minato.Disaster.Situation;

/// <summary>
/// Where producers send situation changes. On one node it applies them to the local <see cref="SituationState"/>; with
/// several nodes it carries them to every node (each applies them in the same order), so a client on any node sees a
/// change produced on any other. Publish never blocks on a subscriber.
/// </summary>
public interface ISituationBus
{
    void Publish(IReadOnlyList<SituationChange> changes);
}
