namespace Minato.Disaster.Situation;

/// <summary>
/// Leading-edge + trailing coalescing of high-rate changes, so each entity is published at most once per coalescing
/// interval (a window, ended by <see cref="Drain"/> at each tick): the first change of an entity in a window is
/// published at once (<see cref="Offer"/> returns true); later ones in that window are held, the latest by
/// <see cref="SituationChange.Version"/> (else by arrival) winning, and published by the next <see cref="Drain"/>. An
/// entity drained at a tick counts as published in the window that tick opens, so a burst still becomes one change per
/// entity per interval, while an isolated change never waits for the tick. No timers: the caller drives the ticks.
/// Thread-safe.
/// </summary>
public sealed class ChangeCoalescer
{
    private readonly Lock _lock = new();
    private readonly Dictionary<EntityKey, int> _heldIndex = [];
    private List<SituationChange> _held = [];

    // Entities published in the current window, with the version published: a later change older than it is dropped,
    // as the state would ignore it anyway.
    private readonly Dictionary<EntityKey, long> _published = [];
    private long _offered;

    /// <summary>Changes offered so far (before coalescing).</summary>
    public long Offered => Interlocked.Read(ref _offered);

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

    /// <summary>Takes a change: true when it is the first of its entity in this window and the caller must publish it now;
    /// false when it is held for the next <see cref="Drain"/> (or dropped as older than what the window already has).</summary>
    public bool Offer(SituationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Interlocked.Increment(ref _offered);
        var key = change.Key;
        lock (_lock)
        {
            if (_heldIndex.TryGetValue(key, out var i))
            {
                if (IsLatest(change, _held[i].Version))
                {
                    _held[i] = change;
                }

                return false;
            }

            if (_published.TryGetValue(key, out var version))
            {
                if (IsLatest(change, version))
                {
                    _heldIndex[key] = _held.Count;
                    _held.Add(change);
                }

                return false;
            }

            _published[key] = change.Version;
            return true;
        }
    }

    /// <summary>At a tick: takes the held changes (latest per entity, oldest entity first) and starts a new window, in
    /// which these entities count as published.</summary>
    public IReadOnlyList<SituationChange> Drain()
    {
        lock (_lock)
        {
            var taken = _held;
            _held = [];
            _heldIndex.Clear();
            _published.Clear();
            foreach (var c in taken)
            {
                _published[c.Key] = c.Version;
            }

            return taken;
        }
    }

    // Latest by version (observation time) when the producer gives one, else by arrival.
    private static bool IsLatest(SituationChange change, long current) => change.Version == 0 || change.Version >= current;
}
