using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Minato.Disaster.Security;
using Minato.Live.Tests.Infrastructure;

namespace Minato.Live.Tests.Hub;

/// <summary>Anonymous (public) hub connections are capped per address; staff are not; a freed slot is reusable.</summary>
public sealed class AnonymousLimitTests(AnonymousLimitTests.Server server) : IClassFixture<AnonymousLimitTests.Server>
{
    public sealed class Server : LiveServer
    {
        public Server() => Settings["Minato:Live:MaxAnonymousPerAddress"] = "2";
    }

    [Fact]
    public async Task Connect_ThirdAnonymousFromOneAddress_RefusedStaffStillAcceptedFreedSlotReusable()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await server.ConnectAsync(token: null);
        await using var second = await server.ConnectAsync(token: null);
        Assert.True((await first.SubscribeAsync("public", ct)).Accepted);
        Assert.True((await second.SubscribeAsync("public", ct)).Accepted);

        // A bare SignalR connection, to read the server's close reason (the typed client would try to reconnect).
        await using var third = new HubConnectionBuilder().WithUrl(server.HubUrl).Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        third.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        try
        {
            await third.StartAsync(ct);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or System.IO.IOException)
        {
            closed.TrySetResult(e);
        }

        var refusal = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.NotNull(refusal);
        Assert.Contains("public connections per address", refusal.Message, StringComparison.Ordinal);

        await using (var staff = await server.ConnectAsync(server.Token(MinatoClaims.Hq)))
        {
            Assert.True((await staff.SubscribeAsync("hq", ct)).Accepted);
        }

        await first.DisposeAsync();
        await WaitForAsync(() => server.Services.GetService(typeof(Minato.Server.Live.AnonymousConnectionLimiter))
            is Minato.Server.Live.AnonymousConnectionLimiter l && l.Count == 1, ct);
        await using var again = await server.ConnectAsync(token: null);
        Assert.True((await again.SubscribeAsync("public", ct)).Accepted);
    }

    private static Task WaitForAsync(Func<bool> condition, CancellationToken ct) =>
        Wait.UntilAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(10), () => Task.FromResult("the condition"), ct);
}
