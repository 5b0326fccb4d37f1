using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Minato.Gis.Resilience;

namespace Minato.Gis.Tests.Resilience;

public sealed class ResilientLoopTests
{
    [Fact]
    public async Task RunAsync_WorkFailsTwice_RetriedAfterDoublingDelaysThenReturns()
    {
        var time = new FakeTimeProvider();
        var attempts = new List<DateTimeOffset>();
        var run = ResilientLoop.RunAsync("test", _ =>
        {
            lock (attempts)
            {
                attempts.Add(time.GetUtcNow());
                return attempts.Count < 3 ? Task.FromException(new InvalidOperationException("the database is down")) : Task.CompletedTask;
            }
        }, time, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.False(run.IsCompleted); // waiting out the back-off, not failing
        await Wait.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(100)); // each check moves the back-off's clock on
            return run.IsCompleted;
        }, TimeSpan.FromSeconds(10), "the loop to succeed on its third attempt");

        await run;
        Assert.Equal(3, attempts.Count);
        Assert.True(attempts[1] - attempts[0] >= ResilientLoop.MinDelay, $"first retry after {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= 2 * ResilientLoop.MinDelay, $"second retry after {attempts[2] - attempts[1]}");
    }

    [Fact]
    public async Task RunAsync_CancelledWhileBackingOff_ReturnsWithoutThrowing()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var run = ResilientLoop.RunAsync("test", _ => throw new InvalidOperationException("always"), time, NullLogger.Instance, stop.Token);

        await stop.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RunAsync_WorkCancelledByTheStop_ReturnsWithoutThrowing()
    {
        using var stop = new CancellationTokenSource();
        var run = ResilientLoop.RunAsync(
            "test", ct => Task.Delay(Timeout.Infinite, ct), TimeProvider.System, NullLogger.Instance, stop.Token);

        await stop.CancelAsync();

        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(run.IsCompletedSuccessfully);
    }
}
