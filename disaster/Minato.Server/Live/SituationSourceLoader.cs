using Minato.Disaster.Situation;

namespace Minato.Server.Live;

/// <summary>Loads every <see cref="ISituationSource"/> into this node's <see cref="SituationState"/> at start.</summary>
internal sealed partial class SituationSourceLoader(
    IEnumerable<ISituationSource> sources, SituationState state, ILogger<SituationSourceLoader> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every source has been loaded (or has failed and been logged).</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var source in sources)
        {
            try
            {
                var changes = await source.LoadAsync(stoppingToken);
                // Applied locally only: every node loads the system of record itself.
                state.Publish(changes);
                LogLoaded(source.Name, changes.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoadFailed(source.Name, e.Message);
            }
        }

        _ready.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "live situation: loaded {Count} {Source} entities")]
    private partial void LogLoaded(string source, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "live situation: loading {Source} failed: {Error}")]
    private partial void LogLoadFailed(string source, string error);
}
