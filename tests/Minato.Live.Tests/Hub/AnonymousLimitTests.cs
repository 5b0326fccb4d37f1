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

        var refusal = await HubRefusal.ReasonAsync(server.HubUrl, token: null, ct);
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
