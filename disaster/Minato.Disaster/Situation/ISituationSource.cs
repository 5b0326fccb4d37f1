namespace Minato.Disaster.Situation;

/// <summary>
/// A producer's current entities, read from PostgreSQL (the system of record) when a node starts, so a fresh node's
/// snapshots hold reports, shelters, tasks and public alerts that changed before it started. Each node loads its own;
/// later changes travel over <see cref="ISituationBus"/>. Register implementations as <c>ISituationSource</c> singletons.
/// </summary>
public interface ISituationSource
{
    /// <summary>A short name for logs (e.g. <c>reports</c>).</summary>
    string Name { get; }

    /// <summary>The producer's entities as changes, as its factory would publish them.</summary>
    Task<IReadOnlyList<SituationChange>> LoadAsync(CancellationToken cancellationToken);
}
