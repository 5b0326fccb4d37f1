using Minato.MapClient;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>The real host on a real loopback port, for real SignalR clients (the typed map client) over WebSockets.</summary>
public class ShelterLiveHost : KestrelApiFactory
{
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
