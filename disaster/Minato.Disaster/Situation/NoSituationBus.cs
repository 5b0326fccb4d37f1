namespace Minato.Disaster.Situation;

/// <summary>
/// A bus that tells nobody: for work done outside a running server (the demo loaders of <c>minato demo load</c>), where no
/// live node listens — a server started later loads the state from the database (<see cref="ISituationSource"/>).
/// </summary>
public sealed class NoSituationBus : ISituationBus
{
    public static NoSituationBus Instance { get; } = new();

    private NoSituationBus()
    {
    }

    public void Publish(IReadOnlyList<SituationChange> changes)
    {
    }
}
