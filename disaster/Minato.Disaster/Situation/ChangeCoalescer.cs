namespace Minato.Disaster.Situation;

/// <summary>
/// Leading-edge + trailing coalescing of high-rate changes, over the whole stream: within a coalescing interval (a
/// window, ended by <see cref="Drain"/> at each tick) at most one publication happens. If nothing has been published in
/// the window yet, an offered batch is published at once (<see cref="Offer(IReadOnlyList{SituationChange})"/> returns
/// it); everything offered after that in the window is held, the latest per entity by
/// <see cref="SituationChange.Version"/> (else by arrival) winning, and published by the next <see cref="Drain"/>,
/// which counts as that next window's publication. So an isolated change (a gauge reporting every ten minutes) never
/// waits for the tick, a burst becomes one change per entity per interval, and a storm costs each client at most one
/// message per scope per interval. (Throttling per entity instead would send every station's first change on its own:
/// under a storm of readings that is one message per station per interval to every client, not one in all.)
/// No timers: the caller drives the ticks. Thread-safe.
/// </summary>
public sealed class ChangeCoalescer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EntityKey, int> _heldIndex = [];
    private List<SituationChange> _held = [];
    private bool _windowUsed;
    private long _offered;
    private long _ticks;

    /// <summary>Changes offered so far (before coalescing).</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Windows ended so far (calls of <see cref="Drain"/>).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>Changes held for the next <see cref="Drain"/>.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Takes one change: true when the caller must publish it now (the window had no publication yet).</summary>
    public bool Offer(SituationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Offer([change]).Count == 1;
    }

    /// <summary>
    /// Takes a batch of changes (for example one committed batch of readings): returns them all when the caller must
    /// publish them now, as the window's publication; else holds them for the next <see cref="Drain"/> and returns none.
    /// </summary>
    public IReadOnlyList<SituationChange> Offer(IReadOnlyList<SituationChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Interlocked.Add(ref _offered, changes.Count);
        if (changes.Count == 0)
        {
            return [];
        }

        lock (_lock)
        {
            if (!_windowUsed)
            {
                _windowUsed = true;
                return changes;
            }

            foreach (var change in changes)
            {
                if (_heldIndex.TryGetValue(change.Key, out var i))
                {
                    if (change.Version == 0 || change.Version >= _held[i].Version)
                    {
                        _held[i] = change;
                    }
                }
                else
                {
                    _heldIndex[change.Key] = _held.Count;
                    _held.Add(change);
                }
            }

            return [];
        }
    }

    /// <summary>At a tick: takes the held changes (latest per entity, oldest entity first) and starts a new window; if
    /// any were held, their publication is that window's.</summary>
    public IReadOnlyList<SituationChange> Drain()
    {
        lock (_lock)
        {
            var taken = _held;
            _held = [];
            _heldIndex.Clear();
            _windowUsed = taken.Count > 0;
            Interlocked.Increment(ref _ticks);
            return taken;
        }
    }
}
