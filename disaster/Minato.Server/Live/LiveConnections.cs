using System.Collections.Concurrent;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>The feeds of this node's hub connections, by connection id. Thread-safe.</summary>
internal sealed class LiveConnections(SituationHubLifetimeManager hub, SituationOptions options, ILogger<ConnectionFeed> logger)
{
    private readonly ConcurrentDictionary<string, ConnectionFeed> _feeds = new(StringComparer.Ordinal);

    public int Count => _feeds.Count;

    /// <summary>The connection's feed, made on first use; null when the connection is no longer (or not) on this node.</summary>
    public ConnectionFeed? GetOrAdd(string connectionId)
    {
        if (_feeds.TryGetValue(connectionId, out var feed))
        {
            return feed;
        }

        return hub.Find(connectionId) is { } connection
            ? _feeds.GetOrAdd(connectionId, _ => new ConnectionFeed(connection, options.ConnectionBuffer, logger))
            : null;
    }

    public ConnectionFeed? Find(string connectionId) => _feeds.GetValueOrDefault(connectionId);

    public async Task RemoveAsync(string connectionId, SituationState state)
    {
        if (_feeds.TryRemove(connectionId, out var feed))
        {
            state.DetachAll(feed);
            await feed.DisposeAsync();
        }
    }

    /// <summary>Total overflows of the current connections (diagnostics, tests).</summary>
    public int Overflows => _feeds.Values.Sum(f => f.Overflows);
}
