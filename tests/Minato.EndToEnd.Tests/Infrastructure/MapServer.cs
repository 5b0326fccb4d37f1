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
    public MapServer() => this.ListenOnLoopback();

    /// <summary>The built client (map-client/web/dist), or null when npm was not available to build it.</summary>
    public static string? ClientBuild { get; } = FindClientBuild();

    public string BaseAddress => this.LoopbackAddress();

    public string Token(string role, string? district = null, string? shelter = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("e2e-" + role, role, district, shelter));

    /// <summary>The token of a temporary-stay facility's staff (role <c>facility</c> with its facility claim).</summary>
    public string FacilityToken(string facility) =>
        Services.GetRequiredService<TokenIssuer>().Issue(new TokenRequest("staff-" + facility, "facility", Facility: facility));

    /// <summary>An HTTP client of the real listener, carrying <paramref name="token"/> as a bearer token when given.</summary>
    public HttpClient Http(string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>
    /// Opens a staff view (<c>/hq</c>, <c>/district/…</c>) with <paramref name="token"/> and waits until it is live:
    /// connected to the hub and a snapshot applied (a sequence number shown).
    /// </summary>
    public async Task<Microsoft.Playwright.IPage> OpenLiveAsync(Browser browser, string path, string token)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{BaseAddress}{path}?token={token}");
        var live = new Microsoft.Playwright.LocatorAssertionsToHaveAttributeOptions { Timeout = Browser.Deadline };
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", live);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#as-of"))
            .ToHaveAttributeAsync("data-seq", new System.Text.RegularExpressions.Regex("^[0-9]+$"), live);
        return page;
    }

    public bool IngestConnected => Services.GetRequiredService<MqttIngestService>().IsConnected;

    // Re-implemented so the demo data is loaded after the base creates the database (its InitializeAsync is not virtual).
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo");
        var results = await DemoDataset.LoadAsync(new LayerImporter(Database.DataSource, TimeProvider.System), folder);
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var stations = await new StationImporter(new StationStore(Database.DataSource))
            .ImportFileAsync(Path.Combine(folder, "stations.geojson"));
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
