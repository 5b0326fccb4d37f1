using Microsoft.AspNetCore.SignalR;
using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>
/// One connection's outgoing queue, bounded: the situation state only enqueues here (never waits on the network), and
/// one pump per connection sends in order. A connection that falls more than the buffer behind loses its queue and is
/// told to resync each scope; until it does, that scope's deltas are not queued. So a slow or stalled client costs
/// the others nothing. Messages are written pre-serialised (<see cref="SharedHubMessages"/>): every subscriber of a delta
/// writes the same bytes, through the same path as <c>SendAsync</c> (its write lock and stateful-reconnect buffer).
/// Thread-safe.
/// </summary>
internal sealed partial class ConnectionFeed : ISituationFeed, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Item> _queue = new();
    private readonly HashSet<string> _stalled = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly HubConnectionContext _connection;
    private readonly string _connectionId;
    private readonly int _capacity;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly ILogger _logger;

    public ConnectionFeed(HubConnectionContext connection, int capacity, ILogger logger)
    {
        _connection = connection;
        _connectionId = connection.ConnectionId;
        _capacity = capacity;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Times this connection overflowed and was told to resync.</summary>
    public int Overflows { get; private set; }

    public void Restart(SituationSnapshot snapshot)
    {
        lock (_lock)
        {
            Remove(snapshot.Scope);
            _stalled.Remove(snapshot.Scope);
            Enqueue(new Item(snapshot.Scope, SharedHubMessages.Snapshot(snapshot)));
        }
    }

    public void CatchUp(string scope, IReadOnlyList<SituationDelta> deltas)
    {
        lock (_lock)
        {
            Remove(scope);
            _stalled.Remove(scope);
            foreach (var d in deltas)
            {
                Enqueue(new Item(scope, SharedHubMessages.Delta(d)));
            }
        }
    }

    public void Deliver(SituationDelta delta)
    {
        lock (_lock)
        {
            if (_stalled.Contains(delta.Scope))
            {
                return;
            }

            if (_queue.Count >= _capacity)
            {
                Overflow(delta.Scope);
                return;
            }

            Enqueue(new Item(delta.Scope, SharedHubMessages.Delta(delta)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private void Overflow(string scope)
    {
        var scopes = _queue.Select(i => i.Scope).Append(scope).Distinct(StringComparer.Ordinal).ToList();
        _queue.Clear();
        Overflows++;
        LogOverflow(_connectionId, _capacity, string.Join(",", scopes));
        foreach (var s in scopes)
        {
            _stalled.Add(s);
            Enqueue(new Item(s, SharedHubMessages.ResyncRequired(s)));
        }
    }

    private void Remove(string scope)
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Scope == scope)
            {
                _queue.Remove(node);
            }

            node = next;
        }
    }

    private void Enqueue(Item item)
    {
        _queue.AddLast(item);
        _signal.Release();
    }

    private async Task PumpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await _signal.WaitAsync(_stop.Token);
            Item? item;
            lock (_lock)
            {
                // The semaphore may count items that Remove() took away since.
                item = _queue.First?.Value;
                if (item is not null)
                {
                    _queue.RemoveFirst();
                }
            }

            if (item is null)
            {
                continue;
            }

            try
            {
                await _connection.WriteAsync(item.Message, _stop.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSendFailed(_connectionId, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "live connection {Connection} fell {Capacity} messages behind: told to resync {Scopes}")]
    private partial void LogOverflow(string connection, int capacity, string scopes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "live connection {Connection}: send failed: {Error}")]
    private partial void LogSendFailed(string connection, string error);

    private sealed record Item(string Scope, SerializedHubMessage Message);
}
