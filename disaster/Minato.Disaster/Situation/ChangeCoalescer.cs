namespace Minato.Disaster.Situation;

/// <summary>
/// Keeps the latest coalescable change per entity (by <see cref="SituationChange.Version"/>, else by arrival) until <see cref="Drain"/> (called once per coalescing interval), so a
/// burst of readings becomes one change per station per interval. Order of first arrival is kept. Thread-safe.
/// </summary>
public sealed class ChangeCoalescer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EntityKey, int> _index = [];
    private List<SituationChange> _pending = [];
    private long _offered;

    /// <summary>Changes offered so far (before coalescing).</summary>
    public long Offered => Interlocked.Read(ref _offered);

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Offer(SituationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Interlocked.Increment(ref _offered);
        lock (_lock)
        {
            if (_index.TryGetValue(change.Key, out var i))
            {
                // Latest by version (observation time) when the producer gives one, else by arrival.
                if (change.Version == 0 || change.Version >= _pending[i].Version)
                {
                    _pending[i] = change;
                }
            }
            else
            {
                _index[change.Key] = _pending.Count;
                _pending.Add(change);
            }
        }
    }

    /// <summary>Takes the pending changes (latest per entity), oldest entity first.</summary>
    public IReadOnlyList<SituationChange> Drain()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return [];
            }

            var taken = _pending;
            _pending = [];
            _index.Clear();
            return taken;
        }
    }
}
