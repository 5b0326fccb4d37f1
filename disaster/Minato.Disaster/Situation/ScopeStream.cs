namespace Minato.Disaster.Situation;

/// <summary>One scope's view: its entities, its sequence, its recent deltas and its subscribers. Guarded by the state's lock.</summary>
internal sealed class ScopeStream(SituationScope scope, string? shelterDistrict, int historyCapacity)
{
    private readonly Dictionary<EntityKey, string> _entities = [];
    private readonly Queue<SituationDelta> _history = new();

    // The snapshot as of Seq, made on first demand: every subscriber that starts before the next change shares it (one
    // object, so the server serialises it once for all of them).
    private SituationSnapshot? _snapshot;

    public SituationScope Scope { get; } = scope;

    public string Name { get; } = scope.ToString();

    public long Seq { get; private set; }

    public HashSet<ISituationFeed> Feeds { get; } = [];

    public int Count => _entities.Count;

    /// <summary>What this scope sees of a change: the JSON to store, or null when the entity is not (or no longer) here.</summary>
    public string? View(SituationChange change)
    {
        if (change.Data is null)
        {
            return null;
        }

        var r = change.Routing;
        return Scope.Kind switch
        {
            ScopeKind.Hq => change.Data,
            ScopeKind.Public => change.PublicData,
            ScopeKind.District => r.WardWide || r.Concerns(Scope.Id) ? change.Data : null,
            ScopeKind.Facility => r.Facility is not null && r.Facility == Scope.Id ? change.Data : null,
            _ => (r.Shelter is not null && r.Shelter == Scope.Id)
                 || (r.Alert && (r.WardWide || r.Concerns(shelterDistrict))) ? change.Data : null,
        };
    }

    /// <summary>Applies changes; returns the delta (already numbered and kept) or null when nothing changed here.</summary>
    public SituationDelta? Apply(IReadOnlyList<SituationChange> changes, string stream)
    {
        List<EntityChange>? applied = null;
        foreach (var change in changes)
        {
            var view = View(change);
            var key = change.Key;
            if (view is null)
            {
                if (_entities.Remove(key))
                {
                    (applied ??= []).Add(new EntityChange(key.Kind, key.Id, null));
                }
            }
            else if (!_entities.TryGetValue(key, out var old) || !string.Equals(old, view, StringComparison.Ordinal))
            {
                _entities[key] = view;
                (applied ??= []).Add(new EntityChange(key.Kind, key.Id, view));
            }
        }

        if (applied is null)
        {
            return null;
        }

        Seq++;
        _snapshot = null;
        var delta = new SituationDelta(Name, stream, Seq, applied);
        _history.Enqueue(delta);
        while (_history.Count > historyCapacity)
        {
            _history.Dequeue();
        }

        return delta;
    }

    /// <summary>After seeding a new scope: its sequence starts at 0 with what it holds now.</summary>
    public void ResetSequence()
    {
        Seq = 0;
        _snapshot = null;
        _history.Clear();
    }

    public SituationSnapshot Snapshot(string stream) =>
        _snapshot is { } s && s.Stream == stream
            ? s
            : _snapshot = new(Name, stream, Seq, _entities.Select(e => new EntityChange(e.Key.Kind, e.Key.Id, e.Value)).ToList());

    /// <summary>The deltas after <paramref name="lastSeq"/>, or null when history no longer reaches back that far.</summary>
    public IReadOnlyList<SituationDelta>? Since(long lastSeq)
    {
        if (lastSeq > Seq || lastSeq < 0)
        {
            return null;
        }

        if (lastSeq == Seq)
        {
            return [];
        }

        var oldest = _history.Count == 0 ? Seq + 1 : _history.Peek().Seq;
        return lastSeq + 1 < oldest ? null : _history.Where(d => d.Seq > lastSeq).ToList();
    }
}
