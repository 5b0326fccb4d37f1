namespace Minato.Disaster.Situation;

/// <summary>
/// One change of the live situation, as its producer states it: the entity (kind + id), its new state as JSON
/// (null = the entity is gone), the public projection (null = not public: never personal data here), and routing.
/// Adding a change kind (reports, shelters, tasks, public alerts) means writing one factory that returns these.
/// </summary>
/// <param name="Kind">Entity kind, see <see cref="SituationKinds"/>.</param>
/// <param name="Id">Entity id, unique within the kind.</param>
/// <param name="Data">Full state as JSON text for staff scopes; null = removed.</param>
/// <param name="PublicData">What the public scope may see, as JSON text; null = hidden from the public.</param>
/// <param name="Coalesce">High-rate change: at most one publication of such changes per coalescing interval (the first
/// batch at once, the rest as the latest per entity at the interval's end; see <see cref="ChangeCoalescer"/>).</param>
/// <param name="Version">Orders changes of one entity that may arrive out of order (e.g. observation time in ms, from
/// several nodes): a change older than the entity's current version is ignored. 0 = always applies.</param>
public sealed record SituationChange(
    string Kind, string Id, string? Data, string? PublicData, ChangeRouting Routing, bool Coalesce = false, long Version = 0)
{
    internal EntityKey Key => new(Kind, Id);

    /// <summary>The entity is gone everywhere.</summary>
    public static SituationChange Removed(string kind, string id) => new(kind, id, null, null, ChangeRouting.HqOnly);
}
