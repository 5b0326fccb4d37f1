using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.Situation;

/// <summary>The coalescing of isolation recomputes, on a fake clock: a burst of changes within the window is one
/// recompute, a change after it another; nothing runs before the window ends.</summary>
public sealed class RecomputeSignalTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_ThreeSignalsInOneWindow_OneRecompute_ALaterSignalAnother()
    {
        var time = new FakeTimeProvider();
        var signal = new RecomputeSignal(Window, time);
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var loop = signal.RunAsync(_ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }, stop.Token);

        signal.Raise();
        signal.Raise();
        time.Advance(Window / 2);
        signal.Raise();
        Assert.Equal(0, Volatile.Read(ref runs));
        await AdvanceUntilAsync(time, () => Volatile.Read(ref runs) == 1);
        // More time without a signal: no further recompute.
        time.Advance(Window * 4);
        Assert.Equal(1, Volatile.Read(ref runs));

        signal.Raise();
        await AdvanceUntilAsync(time, () => Volatile.Read(ref runs) == 2);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_RecomputeFails_SignalKeptForTheNextRun()
    {
        var time = new FakeTimeProvider();
        var signal = new RecomputeSignal(TimeSpan.Zero, time);
        signal.Raise();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            signal.RunAsync(_ => throw new InvalidOperationException("database down"), TestContext.Current.CancellationToken));

        var ran = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var loop = signal.RunAsync(_ => { ran.TrySetResult(); return Task.CompletedTask; }, stop.Token);
        await ran.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }

    // The loop registers its timer when it reads the signal, on another thread: advance by small steps until it ran.
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        await Wait.UntilAsync(() =>
        {
            if (!done())
            {
                time.Advance(Window / 5);
            }

            return done();
        }, Timeout, "the coalesced recompute");
    }
}
