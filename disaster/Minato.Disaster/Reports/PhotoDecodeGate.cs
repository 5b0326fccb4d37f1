namespace Minato.Disaster.Reports;

/// <summary>
/// Bounds how many requests decode photos at once (<see cref="ReportOptions.MaxConcurrentPhotoDecodes"/>): decoded
/// pixels are the one allocation whose size the uploader controls, so their total is capped by capping the decoders.
/// Never waits: a caller that finds every slot taken is told to come back (503) instead of queueing with its body held.
/// Thread-safe; one per process.
/// </summary>
public sealed class PhotoDecodeGate(ReportOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentPhotoDecodes, options.MaxConcurrentPhotoDecodes);

    /// <summary>A slot to dispose when the decoding is over, or null when every slot is taken.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
