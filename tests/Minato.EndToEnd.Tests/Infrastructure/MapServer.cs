using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Minato.Gis.Import;
using Minato.Sensors.Ingest;
using Minato.Sensors.Stations;
using Minato.Server.Security;
using Minato.Testing;

namespace Minato.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real host on a real Kestrel loopback port, serving the built web client, on a test database loaded with the
/// demo dataset (what <c>./minato demo load</c> loads) and its own embedded MQTT broker. One per test class.
/// </summary>
public sealed class MapServer : MinatoApiFactory, IAsyncLifetime
{
    public MapServer() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>The built client (map-client/web/dist), or null when npm was not available to build it.</summary>
    public static string? ClientBuild { get; } = FindClientBuild();

    public string BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            return addresses.First().TrimEnd('/');
        }
    }

    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("e2e-" + role, role, district, shelter));

    public bool IngestConnected => Services.GetRequiredService<MqttIngestService>().IsConnected;

    // Re-implemented so the demo data is loaded after the base creates the database (its InitializeAsync is not virtual).
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo");
        var results = await DemoDataset.LoadAsync(new LayerImporter(Database.DataSource, TimeProvider.System), folder);
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var stations = await new StationImporter(new StationRepository(Database.DataSource)).ImportFileAsync(Path.Combine(folder, "stations.geojson"));
        Assert.Empty(stations.Errors);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Minato:Live:CoalesceIntervalMs", "0");
        if (ClientBuild is not null)
        {
            builder.UseSetting("Minato:MapClient:Path", ClientBuild);
        }
    }

    private static string? FindClientBuild()
    {
        var dist = Path.Combine(TestEnvironment.RepositoryRoot, "map-client", "web", "dist");
        return File.Exists(Path.Combine(dist, "index.html")) ? dist : null;
    }
}
