using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Minato.Gis.Resilience;

namespace Minato.Server.Live;

/// <summary>Loads every <see cref="ISituationSource"/> into this node's <see cref="SituationState"/> at start.</summary>
internal sealed partial class SituationSourceLoader(
    IEnumerable<ISituationSource> sources, SituationState state, TimeProvider time, ILogger<SituationSourceLoader> logger,
    DatabaseReadiness? readiness = null) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every source has been loaded (each is retried with back-off until it loads).</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (readiness is not null)
        {
            // Not from a database that is still being migrated (the server starts while the database is down).
            try
            {
                await readiness.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        foreach (var source in sources)
        {
            // The server may start while the database is down: each source is retried until it loads.
            await ResilientLoop.RunAsync($"live situation: loading {source.Name}", async ct =>
            {
                var changes = await source.LoadAsync(ct);
                // Applied locally only: every node loads the system of record itself.
                state.Publish(changes);
                LogLoaded(source.Name, changes.Count);
            }, time, logger, stoppingToken);
        }

        _ready.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "live situation: loaded {Count} {Source} entities")]
    private partial void LogLoaded(string source, int count);
}
