using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Minato.Gis.Layers;
using Npgsql;

namespace Minato.Gis.Tiles;

/// <summary>
/// Keeps <see cref="LayerVersions"/> and the <see cref="TileCache"/> in step with the database: <c>LISTEN
/// minato_layer_changed</c> on a dedicated connection (the triggers of migration 0001 notify with the layer's change
/// key), drops the layer's tiles on each notification, and re-reads <c>gis.layer_versions</c> on connect and every
/// <see cref="ResyncInterval"/> as a safety net. Reconnects with back-off after a failure; while disconnected,
/// <see cref="LayerVersions.IsLive"/> is false so the cache is bypassed. Run one per process.
/// </summary>
public sealed class LayerChangeListener(
    NpgsqlDataSource dataSource, LayerCatalog catalog, LayerVersions versions, TileCache? cache, TimeProvider time,
    ILogger<LayerChangeListener> logger)
{
    public const string Channel = "minato_layer_changed";

    /// <summary>How long the listener waits for a notification before re-reading the versions (and proving the link alive).</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest pause between reconnection attempts (doubling from one second).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    private readonly FrozenDictionary<string, FrozenSet<string>> _layersByChangeKey = catalog.All
        .GroupBy(l => l.ChangeKey, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Select(l => l.Id).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Raised after a change key's tiles were dropped (tests wait on it; runs on the listener's thread).</summary>
    public event Action<string>? Invalidated;

    /// <summary>Listens until cancelled; never throws except <see cref="OperationCanceledException"/> on cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => backoff = TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                versions.IsLive = false;
                logger.LogWarning(e, "layer change listener lost its connection; tile cache bypassed, retrying in {Delay}", backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            finally
            {
                versions.IsLive = false;
            }
        }
    }

    private async Task ListenAsync(Action connected, CancellationToken cancellationToken)
    {
        var pending = new ConcurrentQueue<string>();
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        // The handler runs inside WaitAsync on this task: it only bumps the generation (no I/O on the busy connection).
        conn.Notification += (_, e) =>
        {
            versions.Bump(e.Payload);
            Drop(e.Payload);
            pending.Enqueue(e.Payload);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Listening before reading: a change committed in between is both in what is read and notified (a harmless extra bump).
        await ResyncAsync(conn, cancellationToken);
        versions.IsLive = true;
        connected();
        logger.LogInformation("listening for layer changes on {Channel}", Channel);

        while (true)
        {
            var notified = await conn.WaitAsync(ResyncInterval, cancellationToken);
            if (notified)
            {
                while (pending.TryDequeue(out var key))
                {
                    Invalidated?.Invoke(key);
                }
            }
            else
            {
                await ResyncAsync(conn, cancellationToken);
            }
        }
    }

    private async Task ResyncAsync(NpgsqlConnection conn, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT layer, version FROM gis.layer_versions", conn);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var changed = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            if (versions.Observe(key, reader.GetInt64(1)))
            {
                changed.Add(key);
            }
        }

        foreach (var key in changed)
        {
            logger.LogWarning("layer {Layer} changed without a notification; its tiles were dropped", key);
            Drop(key);
            Invalidated?.Invoke(key);
        }
    }

    private void Drop(string changeKey)
    {
        if (cache is not null && _layersByChangeKey.TryGetValue(changeKey, out var layers))
        {
            cache.Remove(layers);
        }
    }
}
