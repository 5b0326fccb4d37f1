namespace Minato.Disaster.Situation;

/// <summary>
/// The live situation of this node: the current entities, one gap-free sequence of deltas per scope, snapshots and
/// resync. Producers call <see cref="Publish"/>; subscribers attach an <see cref="ISituationFeed"/> per scope and get a
/// snapshot then every delta, in order, through it. One lock orders everything, so a snapshot and the deltas after it
/// never overlap or leave a hole. Thread-safe.
/// </summary>
public sealed class SituationState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EntityKey, SituationChange> _entities = [];
    private readonly Dictionary<SituationScope, ScopeStream> _scopes = [];
    private readonly int _history;
    private long _published;

    public SituationState(SituationOptions options, string? stream = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _history = options.HistoryPerScope;
        // A new name per process: sequences of another node or an earlier start are not comparable.
        Stream = stream ?? Guid.NewGuid().ToString("N")[..12];
        foreach (var s in new[] { SituationScope.Hq, SituationScope.Public })
        {
            _scopes[s] = new ScopeStream(s, null, _history);
        }
    }

    /// <summary>The name of this node's sequences.</summary>
    public string Stream { get; }

    /// <summary>Changes published so far (after coalescing).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Entities currently known (all scopes).</summary>
    public int EntityCount
    {
        get
        {
            lock (_lock)
            {
                return _entities.Count;
            }
        }
    }

    /// <summary>Applies changes in order and delivers one delta per scope that saw any of them.</summary>
    public void Publish(IReadOnlyList<SituationChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            var accepted = new List<SituationChange>(changes.Count);
            foreach (var c in changes)
            {
                if (c.Version != 0 && _entities.TryGetValue(c.Key, out var current) && current.Version > c.Version)
                {
                    continue; // an older state arriving late (another node, a redelivery): never go back in time
                }

                accepted.Add(c);
                if (c.Data is null)
                {
                    _entities.Remove(c.Key);
                }
                else
                {
                    _entities[c.Key] = c;
                }
            }

            foreach (var scope in _scopes.Values)
            {
                if (scope.Apply(accepted, Stream) is { } delta)
                {
                    foreach (var feed in scope.Feeds)
                    {
                        feed.Deliver(delta);
                    }
                }
            }
        }

        Interlocked.Add(ref _published, changes.Count);
    }

    /// <summary>
    /// Attaches a feed to a scope. With the <paramref name="stream"/> and <paramref name="lastSeq"/> of an earlier
    /// subscription (a reconnect) the feed gets the missed deltas when history still has them, else a snapshot.
    /// </summary>
    /// <param name="shelterDistrict">For a shelter scope: the district of the shelter (alerts of its area).</param>
    public void Attach(SituationScope scope, ISituationFeed feed, string? shelterDistrict = null, string? stream = null, long lastSeq = -1)
    {
        ArgumentNullException.ThrowIfNull(feed);
        lock (_lock)
        {
            var s = GetOrCreate(scope, shelterDistrict);
            s.Feeds.Add(feed);
            StartLocked(s, feed, stream, lastSeq);
        }
    }

    /// <summary>A subscriber saw a gap after <paramref name="lastSeq"/>: catch it up, or restart it with a snapshot.</summary>
    /// <returns>False when the feed is not attached to the scope.</returns>
    public bool Resync(SituationScope scope, ISituationFeed feed, long lastSeq)
    {
        lock (_lock)
        {
            if (!_scopes.TryGetValue(scope, out var s) || !s.Feeds.Contains(feed))
            {
                return false;
            }

            StartLocked(s, feed, Stream, lastSeq);
            return true;
        }
    }

    public void Detach(SituationScope scope, ISituationFeed feed)
    {
        lock (_lock)
        {
            if (_scopes.TryGetValue(scope, out var s))
            {
                s.Feeds.Remove(feed);
            }
        }
    }

    public void DetachAll(ISituationFeed feed)
    {
        lock (_lock)
        {
            foreach (var s in _scopes.Values)
            {
                s.Feeds.Remove(feed);
            }
        }
    }

    /// <summary>The scope's current snapshot (creates the scope's view if needed).</summary>
    public SituationSnapshot Snapshot(SituationScope scope, string? shelterDistrict = null)
    {
        lock (_lock)
        {
            return GetOrCreate(scope, shelterDistrict).Snapshot(Stream);
        }
    }

    private void StartLocked(ScopeStream s, ISituationFeed feed, string? stream, long lastSeq)
    {
        if (stream == Stream && s.Since(lastSeq) is { } missed)
        {
            feed.CatchUp(s.Name, missed);
        }
        else
        {
            feed.Restart(s.Snapshot(Stream));
        }
    }

    private ScopeStream GetOrCreate(SituationScope scope, string? shelterDistrict)
    {
        if (_scopes.TryGetValue(scope, out var s))
        {
            return s;
        }

        s = new ScopeStream(scope, shelterDistrict, _history);
        // A scope seen for the first time starts at sequence 0 with what it would have seen so far.
        s.Apply(_entities.Values.ToList(), Stream);
        s.ResetSequence();
        _scopes[scope] = s;
        return s;
    }
}
