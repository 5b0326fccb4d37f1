using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Gis.Import;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The temporary-stay facility screens (issue 15) in headless Chromium against the real host with the 11 real
/// 都立一時滞在施設 imported: HQ's panel on /hq (totals, near-full first, 「開設を指示」 with the pending task) and the
/// facility staff console /facility/{id} (its instructions live, 「完了」, the status editor), with the public station page
/// /s/{station} following live.
/// </summary>
public sealed class StayFacilityScreensTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>,
    IAsyncDisposable
{
    private const float Deadline = Browser.Deadline;
    private const string ShippedFile = "data/minato/facilities/tokyo_ichiji_taizai_minato.geojson";

    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    [Fact]
    [Trait("Category", "Slow")]
    public async Task HqInstructsOpen_ConsoleShowsTheTaskLive_StaffDone_HqAndStationPageShowAccepting()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await FacilitiesAsync(ct);
        using var hqApi = server.Http(server.Token(MinatoClaims.Hq));
        foreach (var id in ids)
        {
            await PutStatusAsync(hqApi, id, "not_opened", 0, 100, ct);
        }

        // The public page of 品川: nothing accepts, so the nearest facilities are listed as others (未開設); the nearest is ours.
        var station = await browser.NewPageAsync(390, 844);
        await station.GotoAsync(server.BaseAddress + "/s/shinagawa?lang=ja");
        await Assertions.Expect(station.Locator("#stay-live"))
            .ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        await Assertions.Expect(station.Locator("#stay-none")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        var target = await station.Locator("#stay-others li.stay-facility").First.GetAttributeAsync("data-facility-id",
            new() { Timeout = Deadline });
        Assert.NotNull(target);
        Assert.Contains(target, ids);

        var hq = await server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));
        var panel = hq.Locator("#stay-facilities");
        await Assertions.Expect(panel.Locator("#stay-list li.stay-item")).ToHaveCountAsync(11, new() { Timeout = Deadline });
        await Assertions.Expect(panel.Locator("#stay-not-opened-count")).ToHaveAttributeAsync("data-count", "11");
        await Assertions.Expect(panel.Locator("#stay-accepting-count")).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(panel.Locator("#stay-people")).ToHaveAttributeAsync("data-capacity", "1100");
        await Assertions.Expect(panel.Locator("#stay-people")).ToHaveAttributeAsync("data-accepted", "0");
        var item = panel.Locator($"#stay-list li[data-facility-id='{target}']");
        await Assertions.Expect(item.Locator(".stay-badge")).ToHaveTextAsync("未開設");

        var console = await OpenConsoleAsync(target!);
        await Assertions.Expect(console.Locator("#facility-summary")).ToHaveAttributeAsync("data-status", "not_opened",
            new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#task-list li.task")).ToHaveCountAsync(0);
        await console.EvaluateAsync("() => { window.notReloaded = true; }");

        // HQ instructs it to open: the HQ item shows the pending instruction, the console gets the task live.
        await item.Locator(".stay-instruct[data-action='open']").ClickAsync();
        await Assertions.Expect(item.Locator(".stay-pending")).ToContainTextAsync("開設", new() { Timeout = Deadline });
        await Assertions.Expect(item.Locator(".stay-instruct")).ToHaveCountAsync(0);
        var task = console.Locator("#task-list li.task");
        await Assertions.Expect(task).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(task).ToHaveAttributeAsync("data-status", "open");
        await Assertions.Expect(task.Locator(".task-head")).ToContainTextAsync("一時滞在施設を開設してください");
        await Browser.ScreenshotAsync(console, "stay-facility-console-task");
        // HQ's own task queue names the facility as the addressee (not a centre with the same id).
        var name = await console.Locator("#facility-name").TextContentAsync();
        await Assertions.Expect(hq.Locator("#task-list li.task[data-to='facility'] .hint").First)
            .ToContainTextAsync($"一時滞在施設 {name}", new() { Timeout = Deadline });

        // The staff complete it: the facility accepts, on the console, on HQ's panel and on the public station page, live.
        // An open task addressed to the facility is shown expanded on its console: 完了 is one click.
        var done = task.Locator("button[data-to='done']");
        await Assertions.Expect(done).ToHaveTextAsync("完了");
        await done.ClickAsync();
        await Assertions.Expect(console.Locator("#facility-summary")).ToHaveAttributeAsync("data-status", "accepting",
            new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#facility-badge")).ToHaveTextAsync("受入可");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-status", "accepting", new() { Timeout = Deadline });
        await Assertions.Expect(item.Locator(".stay-badge")).ToHaveTextAsync("受入可");
        await Assertions.Expect(item.Locator(".stay-pending")).ToHaveCountAsync(0);
        await Assertions.Expect(item.Locator(".stay-instruct[data-action='close']")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator("#stay-accepting-count")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(panel.Locator("#stay-not-opened-count")).ToHaveAttributeAsync("data-count", "10");
        await Assertions.Expect(station.Locator($"#stay-accepting li[data-facility-id='{target}'] .stay-status"))
            .ToHaveTextAsync("受入可", new() { Timeout = Deadline });
        Assert.True(await console.EvaluateAsync<bool>("() => window.notReloaded === true"), "the console was reloaded");

        // The map layer colours by status: the facility's point says accepting, the others not_opened; its list item opens
        // the popup.
        var layer = await hq.EvaluateAsync<JsonElement>(
            "async () => (await window.minatoMap.getSource('stay-facilities').getData()).features.map(f => f.properties)");
        Assert.Equal(11, layer.GetArrayLength());
        Assert.Equal("accepting", layer.EnumerateArray().Single(p => p.GetProperty("id").GetString() == target).GetProperty("status")
            .GetString());
        Assert.Equal(10, layer.EnumerateArray().Count(p => p.GetProperty("status").GetString() == "not_opened"));
        await item.Locator("button.centre").ClickAsync();
        var popup = hq.Locator($".stay-popup[data-facility-id='{target}']");
        await Assertions.Expect(popup).ToContainTextAsync(name!, new() { Timeout = Deadline });
        await Assertions.Expect(popup.Locator(".stay-badge")).ToHaveTextAsync("受入可");
        await Assertions.Expect(popup).ToContainTextAsync("受入人数 0/100");
        await panel.Locator("#stay-totals").ScrollIntoViewIfNeededAsync();
        await Browser.ScreenshotAsync(hq, "stay-facilities-hq");

        // What the screens showed is what the server holds.
        using var all = await hqApi.GetFromJsonAsync<JsonDocument>("/api/stay-facilities", ct);
        var stored = all!.RootElement.GetProperty("facilities").EnumerateArray().Single(f => f.GetProperty("id").GetString() == target);
        Assert.Equal("accepting", stored.GetProperty("status").GetString());
        Assert.Equal(1, all.RootElement.GetProperty("totals").GetProperty("accepting").GetInt32());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task StaffSetFullOnTheConsole_HqPanelMovesItToTheTop()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await FacilitiesAsync(ct);
        using var hqApi = server.Http(server.Token(MinatoClaims.Hq));
        // All accepting, the first one half full and the others less: the first leads HQ's list.
        for (var i = 0; i < ids.Count; i++)
        {
            await PutStatusAsync(hqApi, ids[i], "accepting", i == 0 ? 50 : 10 + i, 100, ct);
        }

        var hq = await server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));
        var items = hq.Locator("#stay-facilities #stay-list li.stay-item");
        await Assertions.Expect(items).ToHaveCountAsync(11, new() { Timeout = Deadline });
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-facility-id", ids[0]);
        var target = ids[1]; // 11 of 100: the least full, last in the list
        await Assertions.Expect(items.Last).ToHaveAttributeAsync("data-facility-id", target);
        await Assertions.Expect(hq.Locator("#stay-accepting-count")).ToHaveAttributeAsync("data-count", "11");
        await Assertions.Expect(items.First.Locator(".stay-instruct[data-action='close']")).ToHaveTextAsync("閉鎖を指示");

        // The staff console in English this time.
        var console = await OpenConsoleAsync(target, "en");
        await Assertions.Expect(console.Locator("#facility-summary")).ToHaveAttributeAsync("data-status", "accepting",
            new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#facility-accepted")).ToHaveValueAsync("11");
        await console.Locator("#facility-status").SelectOptionAsync("full");
        await console.Locator("#facility-accepted").FillAsync("100");
        await console.Locator("#facility-supply-power").UncheckAsync();
        await console.Locator("#facility-save").ClickAsync();
        await Assertions.Expect(console.Locator("#facility-done")).ToContainTextAsync("Saved", new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#facility-badge")).ToHaveTextAsync("Full");

        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-facility-id", target, new() { Timeout = Deadline });
        await Assertions.Expect(items.First.Locator(".stay-badge")).ToHaveTextAsync("満員");
        await Assertions.Expect(items.First.Locator(".stay-occupancy")).ToHaveTextAsync("100/100");
        await Assertions.Expect(items.Nth(1)).ToHaveAttributeAsync("data-facility-id", ids[0]);
        await Assertions.Expect(hq.Locator("#stay-full-count")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(hq.Locator("#stay-accepting-count")).ToHaveAttributeAsync("data-count", "10");
        await Browser.ScreenshotAsync(console, "stay-facility-console-full");

        using var all = await hqApi.GetFromJsonAsync<JsonDocument>("/api/stay-facilities", ct);
        var first = all!.RootElement.GetProperty("facilities")[0];
        Assert.Equal(target, first.GetProperty("id").GetString());
        Assert.Equal("full", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("supplies").GetProperty("power").GetBoolean());
        Assert.True(first.GetProperty("supplies").GetProperty("water").GetBoolean());
        Assert.Equal("staff-" + target, first.GetProperty("updatedBy").GetString());
    }

    [Fact]
    public async Task Console_WithoutToken_AsksToSignIn_ThenShowsTheFacility_AnotherFacilitysStaffMayNotSave()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await FacilitiesAsync(ct);
        var page = await browser.NewPageAsync(1024, 1200);
        await page.GotoAsync($"{server.BaseAddress}/facility/{ids[2]}?lang=en");
        await Assertions.Expect(page.Locator("#token")).ToBeVisibleAsync(new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#facility-console")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#public-only")).ToHaveCountAsync(0); // the console has no public view

        // Another facility's token: the scope is refused (nothing shown) and saving is forbidden.
        await page.Locator("#token").FillAsync(server.FacilityToken(ids[3]));
        await page.Locator("form button[type='submit']").ClickAsync();
        await Assertions.Expect(page.Locator("#facility-console")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#link-state"))
            .ToHaveAttributeAsync("data-state", "disconnected", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#facility-summary")).ToHaveTextAsync("Receiving the facility's state…");
        await page.Locator("#facility-accepted").FillAsync("5");
        await page.Locator("#facility-save").ClickAsync();
        await Assertions.Expect(page.Locator("#facility-error")).ToContainTextAsync("403", new() { Timeout = Deadline });
    }

    /// <summary>The ids of the 11 shipped facilities, imported once per server.</summary>
    private async Task<List<string>> FacilitiesAsync(CancellationToken ct)
    {
        using var hq = server.Http(server.Token(MinatoClaims.Hq));
        var ids = await IdsAsync(hq, ct);
        if (ids.Count == 0)
        {
            var import = await new LayerImporter(server.Database.DataSource, TimeProvider.System)
                .ImportAsync("stay-facilities", Path.Combine(TestEnvironment.RepositoryRoot, ShippedFile), cancellationToken: ct);
            Assert.True(import.Succeeded, "importing the shipped stay facilities failed");
            ids = await IdsAsync(hq, ct);
        }

        Assert.Equal(11, ids.Count);
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    private static async Task<List<string>> IdsAsync(HttpClient hq, CancellationToken ct)
    {
        using var all = await hq.GetFromJsonAsync<JsonDocument>("/api/stay-facilities", ct);
        return all!.RootElement.GetProperty("facilities").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
    }

    private async Task<IPage> OpenConsoleAsync(string id, string lang = "ja")
    {
        var page = await browser.NewPageAsync(1024, 1200);
        await page.GotoAsync($"{server.BaseAddress}/facility/{id}?lang={lang}&token={server.FacilityToken(id)}");
        await Assertions.Expect(page.Locator("#facility-console")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        return page;
    }

    private static async Task PutStatusAsync(HttpClient hq, string id, string status, int accepted, int capacity, CancellationToken ct)
    {
        using var response = await hq.PutAsJsonAsync($"/api/stay-facilities/{id}/status", new
        {
            status,
            accepted,
            capacity,
            supplies = new { water = true, food = true, blankets = true, toilets = true, power = true, wifi = true },
        }, ct);
        Assert.True(response.IsSuccessStatusCode, $"PUT status of {id}: {(int)response.StatusCode}");
    }
}
