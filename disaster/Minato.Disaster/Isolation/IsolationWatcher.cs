using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minato.Disaster.Situation;
using Minato.Gis.Resilience;
using Minato.Gis.Routing;
using Minato.Gis.Tiles;

namespace Minato.Disaster.Isolation;

/// <summary>
/// Keeps the live <c>isolation</c> entities current on this node: the layer listener reports a change of roads (a
/// road-blocked report blocks or re-opens segments), hazard areas, facilities, 町丁目 or a centre's open/closed state
/// (migration 0016), and after the coalescing window (<see cref="RoutingOptions.IsolationWindowMs"/>) every hazard is
/// recomputed and published once. Once the listener is live it recomputes once more, so a change committed between the
/// start-up load and the first LISTEN is not lost. A failed recompute is retried after a back-off (<see cref="ResilientLoop"/>).
/// </summary>
public sealed partial class IsolationWatcher(
    IsolationPublisher publisher, IOptions<RoutingOptions> options, TimeProvider time, ILogger<IsolationWatcher> logger,
    LayerChangeListener? listener = null, LayerVersions? versions = null) : BackgroundService
{
    private static readonly TimeSpan LivePoll = TimeSpan.FromMilliseconds(100);

    private readonly RecomputeSignal _signal = new(TimeSpan.FromMilliseconds(options.Value.IsolationWindowMs), time);

    /// <summary>Raised after each publication with the number of isolated 町丁目 over all hazards (logs, tests, the bench).</summary>
    public event Action<int>? Published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        listener.Invalidated += OnInvalidated;
        try
        {
            while (versions is { IsLive: false })
            {
                await Task.Delay(LivePoll, time, stoppingToken);
            }

            _signal.Raise();
            await ResilientLoop.RunAsync("recomputing the isolated 町丁目", ct => _signal.RunAsync(RecomputeAsync, ct), time, logger,
                stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Invalidated -= OnInvalidated;
        }
    }

    private async Task RecomputeAsync(CancellationToken cancellationToken)
    {
        var views = await publisher.PublishAsync(cancellationToken);
        var count = views.Sum(v => v.Chome.Count);
        LogPublished(views.Count, count);
        Published?.Invoke(count);
    }

    // Runs on the listener's thread: only signal, never wait.
    private void OnInvalidated(string changeKey)
    {
        if (IsolationPublisher.InputKeys.Contains(changeKey))
        {
            _signal.Raise();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "isolation: {Entities} entities published, {Isolated} isolated 町丁目 in all")]
    private partial void LogPublished(int entities, int isolated);
}
