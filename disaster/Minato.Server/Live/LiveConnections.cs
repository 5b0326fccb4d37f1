using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>The feeds of this node's hub connections, by connection id. Thread-safe.</summary>
internal sealed class LiveConnections(IHubContext<SituationHub> hub, SituationOptions options, ILogger<ConnectionFeed> logger)
{
    private readonly ConcurrentDictionary<string, ConnectionFeed> _feeds = new(StringComparer.Ordinal);

    public int Count => _feeds.Count;

    public ConnectionFeed GetOrAdd(string connectionId) =>
        _feeds.GetOrAdd(connectionId, id => new ConnectionFeed(hub, id, options.ConnectionBuffer, logger));

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
