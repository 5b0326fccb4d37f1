using System.Threading.Channels;

namespace Minato.Disaster.Situation;

/// <summary>
/// Coalesces "something changed" signals into few recomputes (the live isolation, the shelters' master-data refresh):
/// the first signal opens a window of <c>window</c> on the <see cref="TimeProvider"/> (none when zero); every signal
/// raised before the window ends is folded into the one recompute that follows it; a signal raised during a recompute
/// causes one more. Raising never blocks (signal handlers run on a listener's
/// thread). Thread-safe; run one <see cref="RunAsync"/> at a time.
/// </summary>
public sealed class RecomputeSignal(TimeSpan window, TimeProvider time)
{
    private readonly Channel<bool> _raised = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Something changed: a recompute will follow.</summary>
    public void Raise() => _raised.Writer.TryWrite(true);

    /// <summary>Calls <paramref name="recompute"/> once per window that saw signals, until cancelled. A recompute that
    /// throws leaves a signal raised (done again on the next run) and the exception to the caller.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> recompute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recompute);
        await foreach (var raised in _raised.Reader.ReadAllAsync(cancellationToken))
        {
            if (raised && window > TimeSpan.Zero)
            {
                await Task.Delay(window, time, cancellationToken);
            }

            // Signals of the window: the recompute below reads after them.
            _raised.Reader.TryRead(out _);
            try
            {
                await recompute(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Raise();
                throw;
            }
        }
    }
}
