using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Minato.Live.Tests.Infrastructure;

/// <summary>
/// Why the hub refuses a connection: a bare SignalR connection (the typed client would try to reconnect) is started and
/// the exception it closed or failed with is returned (a TimeoutException when the server keeps it open).
/// </summary>
internal static class HubRefusal
{
    public static async Task<Exception?> ReasonAsync(Uri hubUrl, string? token, CancellationToken ct)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(ct);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or System.IO.IOException)
        {
            closed.TrySetResult(e);
        }

        return await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
