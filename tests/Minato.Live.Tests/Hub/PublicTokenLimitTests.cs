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

        var refusal = await HubRefusal.ReasonAsync(server.HubUrl, server.Token(MinatoClaims.Public), ct);
        Assert.NotNull(refusal);
        Assert.Contains("public connections per address", refusal.Message, StringComparison.Ordinal);

        // Staff tokens stay outside the cap.
        await using var staff = await server.ConnectAsync(server.Token(MinatoClaims.Hq));
        Assert.True((await staff.SubscribeAsync("hq", ct)).Accepted);
    }
}
