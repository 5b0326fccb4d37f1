using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Security;
using Minato.Live.Tests.Infrastructure;
using Minato.MapClient;
using Minato.Server.Security;

namespace Minato.Live.Tests.Hub;

/// <summary>Scope joins over a real WebSocket with real tokens: each refusal is proven.</summary>
public sealed class LiveAuthorizationTests(LiveServer server) : IClassFixture<LiveServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Subscribe_PublicWithoutToken_AcceptedWithSnapshot()
    {
        await using var client = await server.ConnectAsync(token: null);

        var result = await client.SubscribeAsync("public", TestContext.Current.CancellationToken);

        Assert.True(result.Accepted, result.Error);
        await client.WaitForSnapshotAsync("public", Timeout, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("hq")]
    [InlineData("district:shiba")]
    [InlineData("shelter:12")]
    public async Task Subscribe_StaffScopeWithoutToken_Refused(string scope)
    {
        await using var client = await server.ConnectAsync(token: null);

        var result = await client.SubscribeAsync(scope, TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.Equal($"scope {scope} needs a token", result.Error);
    }

    [Fact]
    public async Task Subscribe_ShelterTokenToAnotherShelter_RefusedOwnAccepted()
    {
        await using var client = await server.ConnectAsync(server.Token(MinatoClaims.ShelterRole, shelter: "12"));

        var other = await client.SubscribeAsync("shelter:13", TestContext.Current.CancellationToken);
        var hq = await client.SubscribeAsync("hq", TestContext.Current.CancellationToken);
        var own = await client.SubscribeAsync("shelter:12", TestContext.Current.CancellationToken);

        Assert.Equal("this token may not join scope shelter:13", other.Error);
        Assert.False(hq.Accepted);
        Assert.True(own.Accepted, own.Error);
        await client.WaitForSnapshotAsync("shelter:12", Timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Subscribe_DistrictTokenToAnotherDistrict_RefusedOwnAccepted()
    {
        await using var client = await server.ConnectAsync(server.Token(MinatoClaims.DistrictRole, district: "shiba"),
            LiveProtocol.MessagePack);

        var other = await client.SubscribeAsync("district:azabu", TestContext.Current.CancellationToken);
        var own = await client.SubscribeAsync("district:shiba", TestContext.Current.CancellationToken);

        Assert.False(other.Accepted);
        Assert.True(own.Accepted, own.Error);
    }

    [Fact]
    public async Task Subscribe_HqToken_JoinsEveryScope()
    {
        await using var client = await server.ConnectAsync(server.Token(MinatoClaims.Hq));

        foreach (var scope in new[] { "hq", "district:azabu", "shelter:99", "public" })
        {
            var result = await client.SubscribeAsync(scope, TestContext.Current.CancellationToken);
            Assert.True(result.Accepted, scope + ": " + result.Error);
        }
    }

    [Fact]
    public async Task Subscribe_TokenSignedWithAnotherKey_TreatedAsAnonymous()
    {
        var forged = new TokenIssuer(
            new AuthOptions { SigningKey = "an-attacker-key-that-is-long-enough-for-hs256" }, TimeProvider.System)
            .Issue(new TokenRequest("mallory", MinatoClaims.Hq));
        await using var client = await server.ConnectAsync(forged);

        var result = await client.SubscribeAsync("hq", TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.Equal("scope hq needs a token", result.Error);
    }

    [Fact]
    public async Task Subscribe_ExpiredToken_Refused()
    {
        var auth = server.Services.GetRequiredService<AuthOptions>();
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(-2));
        var expired = new TokenIssuer(auth, past).Issue(new TokenRequest("old", MinatoClaims.Hq, Lifetime: TimeSpan.FromHours(1)));
        await using var client = await server.ConnectAsync(expired);

        var result = await client.SubscribeAsync("hq", TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
    }

    [Fact]
    public async Task Subscribe_UnknownScope_RefusedWithTheValidForms()
    {
        await using var client = await server.ConnectAsync(server.Token(MinatoClaims.Hq));

        var result = await client.SubscribeAsync("everything", TestContext.Current.CancellationToken);

        Assert.False(result.Accepted);
        Assert.Contains("hq, district:{id}, shelter:{id}, facility:{id}, public", result.Error, StringComparison.Ordinal);
    }
}
