using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Gis.Import;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The public page for people stranded at a station (<c>/s/{station}</c>) in headless Chromium against the real host with
/// the 11 real 都立一時滞在施設 imported: the nearest accepting facilities as the API lists them, then a status change made
/// by HQ through the API reaches the open page live (no reload); an unknown station shows the station list.
/// </summary>
public sealed class StayFacilityPageTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>,
    IAsyncDisposable
{
    private const float Deadline = Browser.Deadline;
    private const string ShippedFile = "data/minato/facilities/tokyo_ichiji_taizai_minato.geojson";

    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    [Fact]
    public async Task StationPage_ListsNearestAccepting_ThenHqMarksOneFull_PageUpdatesLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var import = await new LayerImporter(server.Database.DataSource, TimeProvider.System)
            .ImportAsync("stay-facilities", Path.Combine(TestEnvironment.RepositoryRoot, ShippedFile), cancellationToken: ct);
        Assert.True(import.Succeeded, "importing the shipped stay facilities failed");
        using var hq = server.Http(server.Token(MinatoClaims.Hq));
        List<string> ids;
        using (var all = await hq.GetFromJsonAsync<JsonDocument>("/api/stay-facilities", ct))
        {
            ids = all!.RootElement.GetProperty("facilities").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
        }

        Assert.Equal(11, ids.Count);
        foreach (var id in ids)
        {
            await PutStatusAsync(hq, id, "accepting", ct);
        }

        List<string> expected;
        using var anonymous = server.Http();
        using (var nearest = await anonymous.GetFromJsonAsync<JsonDocument>("/api/stay-facilities/nearest?station=shinagawa&limit=10", ct))
        {
            expected = nearest!.RootElement.GetProperty("facilities").EnumerateArray()
                .Select(f => f.GetProperty("facility").GetProperty("id").GetString()!).ToList();
        }

        // The demo road network has no bridge to 台場: its two facilities cannot be walked to from 品川 and are left out.
        Assert.Equal(9, expected.Count);
        var first = expected[0];

        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync(server.BaseAddress + "/s/shinagawa?lang=ja");
        await Assertions.Expect(page.Locator("#stay-live")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        var accepting = page.Locator("#stay-accepting li.stay-facility");
        await Assertions.Expect(accepting).ToHaveCountAsync(9, new() { Timeout = Deadline });
        for (var i = 0; i < expected.Count; i++)
        {
            await Assertions.Expect(accepting.Nth(i)).ToHaveAttributeAsync("data-facility-id", expected[i]);
        }

        await Assertions.Expect(accepting.First.Locator(".stay-status")).ToHaveTextAsync("受入可");
        // Walking distance over the demo road network: "徒歩 N 分（M m）".
        await Assertions.Expect(accepting.First.Locator(".stay-distance")).ToHaveAttributeAsync("data-kind", "walking");
        await Assertions.Expect(accepting.First.Locator(".stay-distance"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^徒歩 \d+ 分（\d+ m）$"));
        await Assertions.Expect(accepting.First.Locator(".stay-supplies")).ToContainTextAsync("毛布");
        await Assertions.Expect(page.Locator("#stay-distance-kind")).ToHaveAttributeAsync("data-kind", "walking");
        await Assertions.Expect(page.Locator("#public-alerts")).ToHaveAttributeAsync("data-alerts", "0");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await Browser.ScreenshotAsync(page, "stay-station-shinagawa");

        // HQ marks the nearest one full: it leaves the accepting list and shows 満員 among the others, on the same page.
        await PutStatusAsync(hq, first, "full", ct);
        await Assertions.Expect(page.Locator($"#stay-accepting li[data-facility-id='{first}']"))
            .ToHaveCountAsync(0, new() { Timeout = Deadline });
        var moved = page.Locator($"#stay-others li[data-facility-id='{first}']");
        await Assertions.Expect(moved.Locator(".stay-status")).ToHaveTextAsync("満員", new() { Timeout = Deadline });
        await Assertions.Expect(accepting.First).ToHaveAttributeAsync("data-facility-id", expected[1]);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");

        // Chinese, from the same short URL.
        var zh = await browser.NewPageAsync(390, 844);
        await zh.GotoAsync(server.BaseAddress + "/s/shinagawa?lang=zh");
        await Assertions.Expect(zh.Locator("#stay-accepting li.stay-facility").First.Locator(".stay-status"))
            .ToHaveTextAsync("可接收", new() { Timeout = Deadline });
    }

    [Fact]
    public async Task UnknownStation_SaysSoAndListsTheStations()
    {
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync(server.BaseAddress + "/s/nowhere?lang=en");
        await Assertions.Expect(page.Locator("#stay-unknown")).ToContainTextAsync("Station not found", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#stay-stations a")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#stay-stations a[data-station='shinagawa']"))
            .ToHaveAttributeAsync("href", "/s/shinagawa?lang=en");
    }

    private static async Task PutStatusAsync(HttpClient hq, string id, string status, CancellationToken ct)
    {
        using var response = await hq.PutAsJsonAsync($"/api/stay-facilities/{id}/status", new
        {
            status,
            accepted = 10,
            capacity = 100,
            supplies = new { water = true, food = true, blankets = true, toilets = true, power = false, wifi = true },
        }, ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT status of {id}: {(int)response.StatusCode}");
    }
}
