using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>The public hazard map, the shelter console and the page's language switch in headless Chromium.</summary>
public sealed class PublicMapTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    public async Task PublicPage_SearchKnownPoint_ShowsTheHazardReportOfTheApi()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        using var report = await http.GetFromJsonAsync<JsonDocument>("/api/hazards/at?lon=139.7454&lat=35.6586", ct);
        var hazards = report!.RootElement.GetProperty("hazards").EnumerateArray().Select(h => h.GetProperty("kindJa").GetString()!)
            .ToList();
        var firstSite = report.RootElement.GetProperty("evacuation")[0].GetProperty("sites")[0].GetProperty("name").GetString()!;
        Assert.NotEmpty(hazards);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "/");
        await page.Locator("#search").FillAsync("35.6586,139.7454");
        await page.Locator("#search").PressAsync("Enter");

        var items = page.Locator("#hazards li");
        await Assertions.Expect(items).ToHaveCountAsync(hazards.Count, new() { Timeout = Deadline });
        for (var i = 0; i < hazards.Count; i++)
        {
            await Assertions.Expect(items.Nth(i)).ToContainTextAsync(hazards[i]);
        }

        await Assertions.Expect(page.Locator("#report")).ToContainTextAsync("芝地区");
        await Assertions.Expect(page.Locator("#report .sites").First).ToContainTextAsync(firstSite);
        await Assertions.Expect(page.Locator(".site-marker").First).ToBeVisibleAsync();
        await WaitForTilesAsync(page);
        // MapLibre decoded our own vector tiles: hazard areas and the districts are on the map (no external base map).
        foreach (var layer in new[] { "hazard-areas", "districts", "boundary" })
        {
            var count = await page.EvaluateAsync<int>($"() => window.minatoMap.querySourceFeatures('minato', {{ sourceLayer: '{layer}' " +
                $"}}).length");
            Assert.True(count > 0, $"no {layer} features drawn");
        }

        // The map footer credits the sources, as the TileJSON does: the real data's and DEMO / 架空 for the made-up layers.
        var credits = page.Locator(".maplibregl-ctrl-attrib-inner");
        foreach (var credit in new[] { "国土数値情報", "国土地理院", "東京都防災マップ", "DEMO / 架空" })
        {
            await Assertions.Expect(credits).ToContainTextAsync(credit, new() { Timeout = Deadline });
        }

        await Browser.ScreenshotAsync(page, "public");
    }

    [Fact]
    public async Task PublicPage_ClickShelter_ShowsItsNameAndState()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "/");
        await WaitForTilesAsync(page);
        await page.EvaluateAsync("() => new Promise(r => { window.minatoMap.jumpTo({ zoom: 15, center: [139.7454, 35.6486] }); " +
            "window.minatoMap.once('idle', () => r(true)); })");

        // A shelter MapLibre drew from our tiles, and where it is on the screen.
        var hit = await page.EvaluateAsync<JsonElement>(
            """
            () => {
              const m = window.minatoMap;
              const f = m.queryRenderedFeatures({ layers: ['shelters-circle'] })[0];
              if (!f) return null;
              const p = m.project(f.geometry.coordinates);
              const r = m.getCanvas().getBoundingClientRect();
              return { name: f.properties.name, x: r.left + p.x, y: r.top + p.y };
            }
            """);
        Assert.Equal(JsonValueKind.Object, hit.ValueKind);
        await page.Mouse.ClickAsync(hit.GetProperty("x").GetSingle(), hit.GetProperty("y").GetSingle());

        var popup = page.Locator(".facility-popup");
        await Assertions.Expect(popup).ToContainTextAsync(hit.GetProperty("name").GetString()!, new() { Timeout = Deadline });
        await Assertions.Expect(popup).ToContainTextAsync("指定避難所");
    }

    [Fact]
    public async Task PublicPage_PointOutsideTheWard_SaysSo()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "/");
        await page.Locator("#search").FillAsync("35.70,139.70");
        await page.Locator("#search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#report .error")).ToContainTextAsync("港区の区域外", new() { Timeout = Deadline });
    }

    [Fact]
    public async Task PublicPage_LanguageSwitch_ShowsEnglishAndKeepsIt()
    {
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync(server.BaseAddress + "/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("header h1")).ToHaveTextAsync("Minato City Hazard Map", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.Locator("#search").FillAsync("35.6586,139.7454");
        await page.Locator("#search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#hazards li").First).ToContainTextAsync("Landslide", new() { Timeout = Deadline });
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("header h1")).ToHaveTextAsync("Minato City Hazard Map");
        await Browser.ScreenshotAsync(page, "public-phone-en");
    }

    [Fact]
    public async Task ShelterPage_ShowsOnlyItsOwnShelter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http();
        using var shelters = await http.GetFromJsonAsync<JsonDocument>("/ogc/collections/shelters/items?limit=2", ct);
        var all = shelters!.RootElement.GetProperty("features");
        var id = all[0].GetProperty("id").ToString();
        var name = all[0].GetProperty("properties").GetProperty("name").GetString()!;
        var other = all[1].GetProperty("properties").GetProperty("name").GetString()!;

        var page = await browser.NewPageAsync(1024, 768);
        await page.GotoAsync($"{server.BaseAddress}/shelter/{id}");
        await Assertions.Expect(page.Locator("#shelter-name")).ToHaveTextAsync(name, new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#shelter-status .card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#shelter-status .card")).ToHaveAttributeAsync("data-shelter-id", id);
        Assert.DoesNotContain(other, await page.Locator("#panel").InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        await Browser.ScreenshotAsync(page, "shelter");
    }

    [Fact]
    public async Task ShelterPage_UnknownShelter_SaysNotFound()
    {
        var page = await browser.NewPageAsync(1024, 768);
        await page.GotoAsync($"{server.BaseAddress}/shelter/999999");
        await Assertions.Expect(page.Locator("#shelter-status .error")).ToContainTextAsync("999999", new() { Timeout = Deadline });
    }

    /// <summary>Waits until MapLibre has loaded its tiles (for a screenshot with the map drawn).</summary>
    private static Task WaitForTilesAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded() && window.minatoMap.areTilesLoaded()", null,
            new() { Timeout = Deadline });
}
