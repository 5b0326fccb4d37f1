using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Minato.Disaster.Security;
using Minato.Live.Tests.Infrastructure;

namespace Minato.Live.Tests.Hub;

/// <summary>A token with role public is no pass past the anonymous cap (issue 11, finding 7): it counts as anonymous.</summary>
public sealed class PublicTokenLimitTests(PublicTokenLimitTests.Server server) : IClassFixture<PublicTokenLimitTests.Server>
{
    public sealed class Server : LiveServer
    {
        public Server() => Settings["Minato:Live:MaxAnonymousPerAddress"] = "1";
    }

    [Fact]
    public async Task Connect_PublicTokenBeyondTheAnonymousCap_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var anonymous = await server.ConnectAsync(token: null);
        Assert.True((await anonymous.SubscribeAsync("public", ct)).Accepted);

        await using var withPublicToken = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.AccessTokenProvider = () => Task.FromResult<string?>(server.Token(MinatoClaims.Public)))
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        withPublicToken.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        try
        {
            await withPublicToken.StartAsync(ct);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or System.IO.IOException)
        {
            closed.TrySetResult(e);
        }

        var refusal = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.NotNull(refusal);
        Assert.Contains("public connections per address", refusal.Message, StringComparison.Ordinal);

        // Staff tokens stay outside the cap.
        await using var staff = await server.ConnectAsync(server.Token(MinatoClaims.Hq));
        Assert.True((await staff.SubscribeAsync("hq", ct)).Accepted);
    }
}
