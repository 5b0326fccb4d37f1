using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Minato.MapClient;
using Minato.Server.Security;

namespace Minato.Disaster.Tests.PublicAlerts;

/// <summary>The alerts host on a real Kestrel loopback port, for real SignalR clients (the typed map client).</summary>
public sealed class LiveAlertsHost : AlertsHost
{
    public LiveAlertsHost()
    {
        this.ListenOnLoopback();
        Settings["Minato:Live:CoalesceIntervalMs"] = "0";
    }

    public Uri BaseAddress => new(this.LoopbackAddress() + "/");

    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("test-" + role, role, district, shelter));

    /// <summary>An HTTP client to the Kestrel address; <paramref name="token"/> null = anonymous.</summary>
    public HttpClient Http(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A started live client subscribed to <paramref name="scope"/> with its snapshot applied.</summary>
    public async Task<SituationClient> SubscribeAsync(string? token, string scope)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = new Uri(BaseAddress, "hubs/situation"),
            AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token),
        });
        await client.StartAsync(ct);
        var result = await client.SubscribeAsync(scope, ct);
        Assert.True(result.Accepted, result.Error);
        await client.WaitForSnapshotAsync(scope, TimeSpan.FromSeconds(30), ct);
        return client;
    }
}
