using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Minato.MapClient;

/// <summary>
/// Connects to <c>/hubs/situation</c>, subscribes to scopes and keeps a <see cref="SituationModel"/> per scope: applies
/// the snapshot, then each delta in sequence; ignores duplicates; on a gap (or when the server says it fell behind)
/// calls <c>Resync(scope, lastSeq)</c>; after a reconnect re-subscribes with its stream and sequence so it gets exactly
/// the missed deltas (or a fresh snapshot). Thread-safe; events are raised on the connection's receive loop.
/// </summary>
public sealed class SituationClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentDictionary<string, SituationModel> _models = new(StringComparer.Ordinal);
    private long _gaps;
    private long _duplicates;
    private long _resyncs;
    private long _snapshots;
    private long _deltas;
    private long _reconnects;

    public SituationClient(SituationClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new HubConnectionBuilder()
            .WithUrl(options.HubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = options.SkipNegotiation;
                if (options.AccessTokenProvider is { } tokens)
                {
                    o.AccessTokenProvider = tokens;
                }
            })
            .WithAutomaticReconnect(new ForeverRetryPolicy(options.ReconnectDelays));
        if (options.StatefulReconnect && !options.SkipNegotiation)
        {
            builder.WithStatefulReconnect();
        }

        if (options.Protocol == LiveProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }

        _connection = builder.Build();
        _connection.On<SituationSnapshot>("Snapshot", OnSnapshot);
        _connection.On<SituationDelta>("Delta", OnDelta);
        _connection.On<string>("ResyncRequired", OnResyncRequired);
        _connection.Reconnected += OnReconnectedAsync;
    }

    /// <summary>Raised after a delta was applied to its scope's model.</summary>
    public event Action<SituationDelta>? DeltaApplied;

    /// <summary>Raised after a snapshot replaced its scope's model.</summary>
    public event Action<SituationSnapshot>? SnapshotApplied;

    public HubConnectionState State => _connection.State;

    /// <summary>Deltas applied.</summary>
    public long Deltas => Interlocked.Read(ref _deltas);

    /// <summary>Gaps seen (each led to a resync).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Deltas received again (already applied) and ignored.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Resyncs requested (after gaps or when told so by the server).</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Snapshots applied (the first per scope, and any fresh one after a resync).</summary>
    public long Snapshots => Interlocked.Read(ref _snapshots);

    /// <summary>Reconnects that needed a new connection (stateful reconnect resumes silently).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The model of a subscribed scope.</summary>
    public SituationModel Model(string scope) =>
        _models.TryGetValue(scope, out var m) ? m : throw new InvalidOperationException($"not subscribed to {scope}");

    public Task StartAsync(CancellationToken cancellationToken = default) => _connection.StartAsync(cancellationToken);

    /// <summary>Subscribes; when accepted the snapshot arrives next (see <see cref="WaitForSnapshotAsync"/>).</summary>
    public async Task<SubscribeResult> SubscribeAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        var model = _models.GetOrAdd(scope, s => new SituationModel(s));
        var result = await _connection.InvokeAsync<SubscribeResult>("Subscribe", scope, model.Stream, model.Seq, cancellationToken);
        if (!result.Accepted)
        {
            _models.TryRemove(scope, out _);
        }

        return result;
    }

    /// <summary>Waits until the scope has a snapshot (its model is usable).</summary>
    public async Task WaitForSnapshotAsync(string scope, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (Model(scope).Seq < 0)
        {
            await Task.Delay(10, cts.Token);
        }
    }

    /// <summary>A round trip to the hub (liveness, latency).</summary>
    public Task<long> PingAsync(long value, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<long>("Ping", value, cancellationToken);

    public async Task UnsubscribeAsync(string scope, CancellationToken cancellationToken = default)
    {
        await _connection.InvokeAsync("Unsubscribe", scope, cancellationToken);
        _models.TryRemove(scope, out _);
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private void OnSnapshot(SituationSnapshot snapshot)
    {
        if (!_models.TryGetValue(snapshot.Scope, out var model))
        {
            return;
        }

        lock (model.Sync)
        {
            model.Replace(snapshot);
            model.Resyncing = false;
        }

        Interlocked.Increment(ref _snapshots);
        SnapshotApplied?.Invoke(snapshot);
    }

    private void OnDelta(SituationDelta delta)
    {
        if (!_models.TryGetValue(delta.Scope, out var model))
        {
            return;
        }

        lock (model.Sync)
        {
            if (model.Stream is null)
            {
                return; // the snapshot comes first; a delta before it belongs to an earlier subscription
            }

            if (delta.Stream != model.Stream)
            {
                // Another node or a restarted server: its numbers mean nothing here. Start again from a snapshot.
                StartResync(model, fresh: true);
                return;
            }

            if (delta.Seq <= model.Seq)
            {
                Interlocked.Increment(ref _duplicates);
                return;
            }

            if (delta.Seq != model.Seq + 1)
            {
                if (!model.Resyncing)
                {
                    Interlocked.Increment(ref _gaps);
                    StartResync(model, fresh: false);
                }

                return;
            }

            model.Apply(delta);
            model.Resyncing = false;
        }

        Interlocked.Increment(ref _deltas);
        DeltaApplied?.Invoke(delta);
    }

    private void OnResyncRequired(string scope)
    {
        if (_models.TryGetValue(scope, out var model))
        {
            lock (model.Sync)
            {
                StartResync(model, fresh: false);
            }
        }
    }

    private void StartResync(SituationModel model, bool fresh)
    {
        model.Resyncing = true;
        Interlocked.Increment(ref _resyncs);
        var (scope, seq) = (model.Scope, model.Seq);
        // Never await a hub call inside a handler: the answer is read by the loop that runs the handler.
        _ = Task.Run(async () =>
        {
            try
            {
                var result = fresh
                    ? await _connection.InvokeAsync<SubscribeResult>("Subscribe", scope, null, -1L)
                    : await _connection.InvokeAsync<SubscribeResult>("Resync", scope, seq);
                if (!result.Accepted && !fresh)
                {
                    await _connection.InvokeAsync<SubscribeResult>("Subscribe", scope, null, -1L);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or IOException)
            {
                // The connection dropped: OnReconnectedAsync re-subscribes.
            }
        });
    }

    private async Task OnReconnectedAsync(string? connectionId)
    {
        Interlocked.Increment(ref _reconnects);
        foreach (var model in _models.Values)
        {
            string? stream;
            long seq;
            lock (model.Sync)
            {
                model.Resyncing = true;
                (stream, seq) = (model.Stream, model.Seq);
            }

            await _connection.InvokeAsync<SubscribeResult>("Subscribe", model.Scope, stream, seq);
        }
    }

    private sealed class ForeverRetryPolicy(IReadOnlyList<TimeSpan> delays) : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            delays.Count == 0 ? TimeSpan.FromSeconds(1) : delays[(int)Math.Min(retryContext.PreviousRetryCount, delays.Count - 1)];
    }
}
