namespace Minato.MapClient;

/// <summary>
/// The local copy of one scope: the entities (JSON per kind+id), the stream and the last applied sequence number.
/// Updated by <see cref="SituationClient"/>; read from any thread (reads take a consistent copy). Thread-safe.
/// </summary>
public sealed class SituationModel
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EntityId, string> _entities = [];

    public SituationModel(string scope) => Scope = scope;

    public string Scope { get; }

    /// <summary>The server stream the sequence belongs to; null before the first snapshot.</summary>
    public string? Stream { get; private set; }

    /// <summary>Last applied sequence number; -1 before the first snapshot.</summary>
    public long Seq { get; private set; } = -1;

    /// <summary>A resync or re-subscription is under way: out-of-sequence deltas are ignored until it lands.</summary>
    internal bool Resyncing { get; set; }

    internal long ResyncFrom { get; set; }

    /// <summary>A copy of the entities.</summary>
    public IReadOnlyDictionary<EntityId, string> Entities
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<EntityId, string>(_entities);
            }
        }
    }

    /// <summary>The stream, sequence and entities read together.</summary>
    public (string? Stream, long Seq, IReadOnlyDictionary<EntityId, string> Entities) Read()
    {
        lock (_lock)
        {
            return (Stream, Seq, new Dictionary<EntityId, string>(_entities));
        }
    }

    public string? Find(string kind, string id)
    {
        lock (_lock)
        {
            return _entities.GetValueOrDefault(new EntityId(kind, id));
        }
    }

    internal Lock Sync => _lock;

    internal void Replace(SituationSnapshot snapshot)
    {
        _entities.Clear();
        foreach (var e in snapshot.Entities)
        {
            if (e.Data is not null)
            {
                _entities[new EntityId(e.Kind, e.Id)] = e.Data;
            }
        }

        Stream = snapshot.Stream;
        Seq = snapshot.Seq;
    }

    internal void Apply(SituationDelta delta)
    {
        foreach (var c in delta.Changes)
        {
            var key = new EntityId(c.Kind, c.Id);
            if (c.Data is null)
            {
                _entities.Remove(key);
            }
            else
            {
                _entities[key] = c.Data;
            }
        }

        Seq = delta.Seq;
    }
}
