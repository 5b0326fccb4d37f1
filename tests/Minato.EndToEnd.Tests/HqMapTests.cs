using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Sensors.Simulation;
using Minato.Sensors.Stations;
using Minato.Server.Security;

namespace Minato.EndToEnd.Tests;

/// <summary>The HQ situation map in headless Chromium against the real host, PostGIS and the embedded MQTT broker.</summary>
public sealed class HqMapTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    public async Task HqPage_ReadingPublishedOverMqtt_StationColourChangesWithinTwoSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await OpenHqAsync();
        var marker = page.Locator(".station-marker[data-station-id='R-SHIBA-01']");
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-stage", "0", new() { Timeout = Deadline });
        var before = await DotColourAsync(marker);

        await using var publisher = await ConnectPublisherAsync("R-SHIBA-01", "shiba", ct);
        var clock = Stopwatch.StartNew();
        // 60 mm in ten minutes: rain_1h 60 mm ≥ 50 → stage 2 (警戒).
        Assert.True(await publisher.PublishAsync("R-SHIBA-01", TimeProvider.System.GetUtcNow().AddMinutes(-1), 60, ct));
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-stage", "2", new() { Timeout = 2_000 });
        var seenAfter = clock.Elapsed;
        Browser.Log($"HQ map: MQTT publish → marker colour change in {seenAfter.TotalMilliseconds:F0} ms");

        Assert.True(seenAfter < TimeSpan.FromSeconds(2), $"colour change after {seenAfter.TotalMilliseconds:F0} ms");
        Assert.NotEqual(before, await DotColourAsync(marker));
        await Assertions.Expect(page.Locator("#alert-banner")).ToContainTextAsync("芝雨量計");
        await Assertions.Expect(page.Locator("#alert-list li[data-station-id='R-SHIBA-01']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected");

        // The next ten minutes bring 5 mm more: rain_1h 65 mm, rising.
        Assert.True(await publisher.PublishAsync("R-SHIBA-01", TimeProvider.System.GetUtcNow(), 5, ct));
        await Assertions.Expect(marker.Locator(".label")).ToContainTextAsync("65 mm/h ↑", new() { Timeout = Deadline });
        await Browser.ScreenshotAsync(page, "hq");
    }

    [Fact]
    public async Task HqPage_DisconnectAndReconnect_EndsWithTheServersState()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await OpenHqAsync();
        var marker = page.Locator(".station-marker[data-station-id='R-AZABU-01']");
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-stage", "0", new() { Timeout = Deadline });
        await using var publisher = await ConnectPublisherAsync("R-AZABU-01", "azabu", ct);

        // Drop the link, publish while the page is away, and let the client come back with its stream and sequence.
        await page.EvaluateAsync("() => window.minatoLive.reconnect()");
        Assert.True(await publisher.PublishAsync("R-AZABU-01", TimeProvider.System.GetUtcNow().AddMinutes(-1), 85, ct));
        await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-stage", "3", new() { Timeout = Deadline });

        // Every station on the page shows the stage the server reports.
        using var http = server.Http();
        using var stations = await http.GetFromJsonAsync<JsonDocument>("/api/stations", ct);
        var features = stations!.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(10, features.Count);
        foreach (var f in features)
        {
            var id = f.GetProperty("id").GetString()!;
            var stage = f.GetProperty("properties").GetProperty("stage").GetInt32();
            await Assertions.Expect(page.Locator($".station-marker[data-station-id='{id}']"))
                .ToHaveAttributeAsync("data-stage", stage.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Browser.ScreenshotAsync(page, "hq-after-reconnect");
    }

    [Fact]
    public async Task DistrictPage_Shiba_ShowsOnlyShibaStations()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.BaseAddress}/district/shiba?token={server.Token(MinatoClaims.DistrictRole, district: "shiba")}");
        await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#as-of"))
            .ToHaveAttributeAsync("data-seq", new System.Text.RegularExpressions.Regex("^[0-9]+$"), new() { Timeout = Deadline });

        var ids = await page.Locator(".station-marker").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.stationId)");
        Assert.Equal(["D-MINATO-01", "R-SHIBA-01", "W-FURUKAWA-FURUKAWABASHI"], ids.Order(StringComparer.Ordinal));
        await Assertions.Expect(page.Locator("#scope")).ToContainTextAsync("district:shiba");
        await Browser.ScreenshotAsync(page, "district-shiba");
    }

    private async Task<IPage> OpenHqAsync()
    {
        var page = await server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        return page;
    }

    private async Task<SimulationPublisher> ConnectPublisherAsync(string id, string district, CancellationToken ct)
    {
        await Wait.UntilAsync(() => server.IngestConnected, TimeSpan.FromSeconds(30), "the ingest to connect to the embedded broker");

        var station = new Station(id, StationKind.Rain, id, id, district, null, null, 600, 139.75, 35.65, Station.DefaultRain1hMm,
            Station.DefaultRain24hMm);
        return await SimulationPublisher.ConnectAsync("127.0.0.1", server.MqttPort, [(station, "demo-" + id)], ct);
    }

    private static Task<string> DotColourAsync(ILocator marker) =>
        marker.Locator(".dot").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
}
