using Microsoft.Extensions.Logging;

namespace Minato.Gis.Resilience;

/// <summary>
/// The one way a background service survives a transient failure (the database going away, a broker restart): the
/// work is run again after a back-off instead of its exception reaching the host, which would stop the whole server
/// (<c>BackgroundServiceExceptionBehavior.StopHost</c>). Delays double from <see cref="MinDelay"/> to
/// <see cref="MaxDelay"/> on the injected <see cref="TimeProvider"/> (a fake clock in tests) and start again from the
/// minimum after a run that lasted longer than <see cref="MaxDelay"/>. Thread-safe (stateless).
/// </summary>
public static partial class ResilientLoop
{
    public static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="work"/> until it returns normally or <paramref name="cancellationToken"/> is cancelled; every
    /// other exception is logged as <paramref name="name"/> and the work restarted after the back-off. Returns normally
    /// when cancelled (a stopping host), so it never throws.
    /// </summary>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> work, TimeProvider time, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var delay = MinDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await work(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (time.GetElapsedTime(started) > MaxDelay)
                {
                    delay = MinDelay; // it had been working: a new failure, not the same one again
                }

                LogFailed(logger, e, name, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Name} failed; retrying in {DelaySeconds} s")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name, double delaySeconds);
}
