using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Minato.Disaster.Safety;

/// <summary>
/// A sliding window of <see cref="SafetyOptions.SearchesPerMinute"/> searches per user (role and subject), on
/// <see cref="TimeProvider"/> so tests move the clock instead of waiting. Thread-safe.
/// </summary>
public sealed class SearchRateLimiter(IOptions<SafetyOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes one search for <paramref name="identity"/>: null when allowed, else how long until the next one is.</summary>
    public TimeSpan? TryAcquire(string identity)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        var now = time.GetUtcNow();
        var queue = _windows.GetOrAdd(identity, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now - Window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= options.Value.SearchesPerMinute)
            {
                return queue.Peek() + Window - now;
            }

            queue.Enqueue(now);
            return null;
        }
    }
}
