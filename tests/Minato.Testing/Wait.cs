using Xunit;

namespace Minato.Testing;

/// <summary>
/// The one way a test waits: polls a condition until it holds or a deadline passes (no fixed sleeps), and fails with
/// what it waited for. Conditions may be synchronous or asynchronous; a description may be computed at failure.
/// </summary>
public static class Wait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, () => Task.FromResult(what));

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, () => Task.FromResult(what()));

    /// <summary>Waits for an asynchronous condition; <paramref name="diagnose"/> adds detail to the failure.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<Task<string>>? diagnose = null) =>
        UntilAsync(condition, timeout, async () => diagnose is null ? what : what + ": " + await diagnose());

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="describe"/>'s text after
    /// <paramref name="timeout"/>. A cancelled <paramref name="cancellationToken"/> cancels the wait instead.</summary>
    public static async Task UntilAsync(
        Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(describe);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds} s waiting for {await describe()}");
            }
        }
    }

    /// <summary>Polls <paramref name="probe"/> until its value satisfies <paramref name="done"/> and returns that value.</summary>
    public static async Task<T> ForAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(describe);
        var value = await probe();
        await UntilAsync(
            async () => done(value = await probe()), timeout, () => Task.FromResult(describe(value)), cancellationToken);
        return value;
    }
}
