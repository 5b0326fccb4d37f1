namespace Minato.Server.Security;

/// <summary>
/// Decides which refusals (401/403) reach the audit log: at most one per caller (actor, or client address when
/// anonymous) per endpoint kind per <see cref="Window"/>, so a flood of refused requests cannot flood the hash chain.
/// Driven by <see cref="TimeProvider"/>. Thread-safe; holds only the keys seen within the last window (pruned as it grows).
/// </summary>
public sealed class RefusalThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int PruneAbove = 10_000;
    private readonly Dictionary<(string Caller, string Kind), DateTimeOffset> _last = [];
    private readonly Lock _gate = new();

    /// <summary>True when this refusal is the first of <paramref name="caller"/> on <paramref name="kind"/> in the window.</summary>
    public bool ShouldRecord(string caller, string kind)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(kind);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last.TryGetValue((caller, kind), out var last) && now - last < Window)
            {
                return false;
            }

            if (_last.Count >= PruneAbove)
            {
                foreach (var stale in _last.Where(e => now - e.Value >= Window).Select(e => e.Key).ToList())
                {
                    _last.Remove(stale);
                }
            }

            _last[(caller, kind)] = now;
            return true;
        }
    }
}
