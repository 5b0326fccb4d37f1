using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Minato.MapClient;
using Minato.Server.Security;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>The real host on a real loopback port, for real SignalR clients (the typed map client) over WebSockets.</summary>
public sealed class KestrelApiFactory : MinatoApiFactory
{
    public KestrelApiFactory() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    public string BaseAddress
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }
    }

    /// <summary>A client over HTTP to the real port (with a token of <paramref name="role"/>).</summary>
    public HttpClient HttpClient(string role, string? district = null, string? shelter = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(role, district, shelter));
        return client;
    }

    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("live-" + role, role, district, shelter));

    public async Task<SituationClient> ConnectAsync(string? token)
    {
        var client = new SituationClient(new SituationClientOptions
        {
            HubUrl = new Uri(BaseAddress + "/hubs/situation"),
            AccessTokenProvider = token is null ? null : () => Task.FromResult<string?>(token),
        });
        await client.StartAsync(TestContext.Current.CancellationToken);
        return client;
    }
}
