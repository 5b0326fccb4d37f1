using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The field page (/field, phone size) in headless Chromium against the real host and PostGIS: reports made offline
/// wait in IndexedDB with their Idempotency-Key and reach the server exactly once when the link returns (the issue's
/// proof), also when a response is lost on the way back.
/// </summary>
public sealed class FieldReportTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    // 芝公園 (Shiba Park), inside Minato.
    private const double Lat = 35.6560;
    private const double Lon = 139.7490;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task FieldPage_ReportMadeOffline_AppearsOnceOnHqAfterTheLinkReturns()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e offline " + Guid.NewGuid().ToString("N")[..8];
        var hq = await OpenHqAsync();
        var field = await OpenFieldAsync();
        await WaitForAppShellAsync(field);

        await field.Context.SetOfflineAsync(true);
        await Assertions.Expect(field.Locator("#net-banner")).ToHaveAttributeAsync("data-online", "false", new() { Timeout = Deadline });
        await Assertions.Expect(field.Locator("#net-banner")).ToContainTextAsync("オフライン");
        await FillReportAsync(field, "building-damage", 4, note, withPhoto: true);
        await field.Locator("#submit").ClickAsync();

        var item = field.Locator("#outbox li[data-key]");
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "queued");
        await Assertions.Expect(item.Locator(".state")).ToHaveTextAsync("保存済み・送信待ち");
        var key = await item.GetAttributeAsync("data-key");
        Assert.Matches("^[0-9a-f-]{36}$", key);
        await Browser.ScreenshotAsync(field, "field-offline-queued");

        // The page opens again with no network (service worker), and the report is still there, with the same key.
        await field.ReloadAsync();
        await Assertions.Expect(field.Locator("#net-banner")).ToHaveAttributeAsync("data-online", "false", new() { Timeout = Deadline });
        await Assertions.Expect(item).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-key", key!);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "queued");
        Assert.Empty(await ReportsWithNoteAsync(note, ct));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await field.Context.SetOfflineAsync(false);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "sent", new() { Timeout = Deadline });
        var sentAfter = clock.Elapsed;
        await Assertions.Expect(item.Locator(".state")).ToHaveTextAsync("送信済み");
        var id = await item.GetAttributeAsync("data-report-id");
        Assert.False(string.IsNullOrEmpty(id));

        // HQ: once in the list and once on the map (it came live), and one row on the server.
        await Assertions.Expect(hq.Locator($"#report-list li[data-report-id='{id}']")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        Browser.Log($"field: link back → sent in {sentAfter.TotalMilliseconds:F0} ms, on the HQ list in " +
            $"{clock.Elapsed.TotalMilliseconds:F0} ms");
        await Assertions.Expect(hq.Locator($".report-marker[data-report-id='{id}']")).ToHaveCountAsync(1);
        await Assertions.Expect(hq.Locator($"#report-list li[data-report-id='{id}']")).ToContainTextAsync(note);
        var stored = await ReportsWithNoteAsync(note, ct);
        var report = Assert.Single(stored);
        Assert.Equal(id, report.GetProperty("id").ToString());
        Assert.Equal("building-damage", report.GetProperty("category").GetString());
        Assert.Equal(4, report.GetProperty("severity").GetInt32());
        Assert.Single(report.GetProperty("photos").EnumerateArray());

        // The HQ opens it: details with the photo, fetched with the token.
        await hq.Locator($"#report-list li[data-report-id='{id}'] button").ClickAsync();
        await Assertions.Expect(hq.Locator("#report-details .card")).ToHaveAttributeAsync("data-report-id", id!);
        await Assertions.Expect(hq.Locator("#report-details .report-photos img")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Browser.ScreenshotAsync(hq, "hq-reports");
    }

    [Fact]
    public async Task FieldPage_ResponseLostOnce_RetryWithTheSameKeyStoresOneReport()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e lost response " + Guid.NewGuid().ToString("N")[..8];
        var field = await OpenFieldAsync();
        var keys = new ConcurrentQueue<string>();
        var replayed = new ConcurrentQueue<string?>();
        var bodies = new ConcurrentQueue<byte[]>();
        var first = true;
        // The first POST reaches the server (which stores the report) but its answer never comes back; later ones pass.
        await field.RouteAsync("**/api/reports", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            keys.Enqueue(route.Request.Headers["idempotency-key"]);
            bodies.Enqueue(route.Request.PostDataBuffer ?? []);
            var response = await route.FetchAsync();
            replayed.Enqueue(response.Headers.GetValueOrDefault("idempotency-replayed"));
            if (first)
            {
                first = false;
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.FulfillAsync(new() { Response = response });
        });

        await FillReportAsync(field, "road-blocked", 3, note, withPhoto: true);
        await field.Locator("#submit").ClickAsync();

        var item = field.Locator("#outbox li[data-key]");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "sent", new() { Timeout = Deadline });
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.Equal(await item.GetAttributeAsync("data-key"), keys.First());
        Assert.Equal("true", replayed.Last());
        // The PNG was re-encoded on the phone as a JPEG (smaller, no metadata) before it was queued.
        var multipart = System.Text.Encoding.Latin1.GetString(bodies.First());
        Assert.Contains("filename=\"damage.jpg\"", multipart, StringComparison.Ordinal);
        Assert.Contains("Content-Type: image/jpeg", multipart, StringComparison.Ordinal);
        Assert.DoesNotContain("image/png", multipart, StringComparison.Ordinal);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-attempts", "2");
        var report = Assert.Single(await ReportsWithNoteAsync(note, ct));
        Assert.Equal(await item.GetAttributeAsync("data-report-id"), report.GetProperty("id").ToString());
    }

    [Fact]
    public async Task FieldPage_ServerRefusesTheReport_ShowsErrorWithTheServersMessageAndKeepsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e refused " + Guid.NewGuid().ToString("N")[..8];
        // Shinjuku: outside Minato, so the server refuses the place.
        var field = await OpenFieldAsync(lat: 35.6900, lon: 139.7000);

        await FillReportAsync(field, "fire", 2, note, withPhoto: false);
        await field.Locator("#submit").ClickAsync();

        var item = field.Locator("#outbox li[data-key]");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "error", new() { Timeout = Deadline });
        await Assertions.Expect(item.Locator(".state")).ToHaveTextAsync("エラー");
        await Assertions.Expect(item.Locator(".detail")).ToContainTextAsync("422");
        await Assertions.Expect(item.Locator("button.retry")).ToBeVisibleAsync();
        Assert.Empty(await ReportsWithNoteAsync(note, ct));
    }

    [Fact]
    public async Task FieldPage_TokenRefused_ReportKeptAndSentOnceAfterSigningInAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e sign in again " + Guid.NewGuid().ToString("N")[..8];
        var field = await OpenFieldAsync(token: "not-a-valid-token");

        await FillReportAsync(field, "other", 1, note, withPhoto: false);
        await field.Locator("#submit").ClickAsync();
        var item = field.Locator("#outbox li[data-key]");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "error", new() { Timeout = Deadline });
        await Assertions.Expect(item.Locator(".detail")).ToContainTextAsync("401");
        var key = await item.GetAttributeAsync("data-key");

        await item.Locator("button.sign-in-again").ClickAsync();
        await field.Locator("#token").FillAsync(server.Token(MinatoClaims.Field));
        await field.Locator("#panel form button[type='submit']").ClickAsync();
        await Assertions.Expect(item).ToHaveAttributeAsync("data-key", key!, new() { Timeout = Deadline });
        await item.Locator("button.retry").ClickAsync();

        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "sent", new() { Timeout = Deadline });
        Assert.Single(await ReportsWithNoteAsync(note, ct));
    }

    [Fact]
    public async Task FieldPage_EnglishLineByTaps_SendsALineStringReport()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e line " + Guid.NewGuid().ToString("N")[..8];
        var field = await OpenFieldAsync(lang: "en");
        await Assertions.Expect(field.Locator("header h1")).ToHaveTextAsync("Field report");
        await field.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded()", null, new() { Timeout = Deadline });

        await field.Locator("label[for='loc-line']").ClickAsync();
        var box = (await field.Locator("#map").BoundingBoxAsync())!;
        await field.Mouse.ClickAsync(box.X + (box.Width * 0.3f), box.Y + (box.Height * 0.5f));
        await field.Mouse.ClickAsync(box.X + (box.Width * 0.7f), box.Y + (box.Height * 0.5f));
        await Assertions.Expect(field.Locator("#loc-readout")).ToHaveAttributeAsync("data-points", "2", new() { Timeout = Deadline });
        await field.Locator("label[for='category-road-blocked']").ClickAsync();
        await Assertions.Expect(field.Locator("label[for='category-road-blocked']")).ToHaveTextAsync("Road blocked");
        await field.Locator("label[for='severity-5']").ClickAsync();
        await field.Locator("#note").FillAsync(note);
        await field.Locator("#submit").ClickAsync();

        var item = field.Locator("#outbox li[data-key]");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "sent", new() { Timeout = Deadline });
        await Assertions.Expect(item.Locator(".state")).ToHaveTextAsync("Sent");
        var id = await item.GetAttributeAsync("data-report-id");
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        using var report = await http.GetFromJsonAsync<JsonDocument>($"/api/reports/{id}", ct);
        var geometry = report!.RootElement.GetProperty("geometry");
        Assert.Equal("LineString", geometry.GetProperty("type").GetString());
        Assert.Equal(2, geometry.GetProperty("coordinates").GetArrayLength());
        Assert.Equal(note, report.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public async Task FieldPage_NoPlaceChosen_RefusesToSaveAndSaysWhy()
    {
        var field = await OpenFieldAsync();
        await field.Locator("label[for='category-fire']").ClickAsync();
        await field.Locator("label[for='severity-2']").ClickAsync();
        await field.Locator("#submit").ClickAsync();

        await Assertions.Expect(field.Locator("#form-error")).ToHaveTextAsync("場所が未指定です");
        await Assertions.Expect(field.Locator("#outbox li[data-key]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task FieldPage_TapOnTheMap_PlacesTheReportThere()
    {
        var field = await OpenFieldAsync();
        await field.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded()", null, new() { Timeout = Deadline });
        var box = await field.Locator("#map").BoundingBoxAsync();
        Assert.NotNull(box);
        await field.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));

        var readout = field.Locator("#loc-readout");
        await Assertions.Expect(readout).ToHaveAttributeAsync("data-points", "1", new() { Timeout = Deadline });
        var centre = await field.EvaluateAsync<JsonElement>("() => window.minatoMap.getCenter()");
        var lon = double.Parse((await readout.GetAttributeAsync("data-lon"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(centre.GetProperty("lng").GetDouble(), lon, 3);
        await Browser.ScreenshotAsync(field, "field");
    }

    private Task<IPage> OpenHqAsync() => server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));

    /// <summary>/field at phone size (390×844) with a field token and the position (GPS) granted.</summary>
    private async Task<IPage> OpenFieldAsync(double lat = Lat, double lon = Lon, string? token = null, string lang = "ja")
    {
        var page = await browser.NewPageAsync(390, 844, o =>
        {
            o.Geolocation = new Geolocation { Latitude = (float)lat, Longitude = (float)lon, Accuracy = 10 };
            o.Permissions = ["geolocation"];
            o.IsMobile = true;
            o.HasTouch = true;
        });
        await page.GotoAsync($"{server.BaseAddress}/field?lang={lang}&token={token ?? server.Token(MinatoClaims.Field)}");
        await Assertions.Expect(page.Locator("#net-banner")).ToHaveAttributeAsync("data-online", "true", new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator("#outbox")).ToHaveAttributeAsync("data-count", "0", new() { Timeout = Deadline });
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        return page;
    }

    /// <summary>Waits until the service worker holds the page and its bundle, so the page opens again offline.</summary>
    private static Task WaitForAppShellAsync(IPage page) =>
        page.WaitForFunctionAsync(
            """
            async () => {
              if (!navigator.serviceWorker.controller) return false;
              const keys = await (await caches.open('minato-shell-v1')).keys();
              const paths = keys.map(k => new URL(k.url).pathname);
              return paths.includes('/field') && paths.some(p => /^\/assets\/index-.*\.js$/.test(p))
                && paths.includes('/assets/maplibre-gl-worker.mjs');
            }
            """, null, new() { Timeout = Deadline, PollingInterval = 200 });

    private static async Task FillReportAsync(IPage page, string category, int severity, string note, bool withPhoto)
    {
        await page.Locator("#loc-gps").ClickAsync();
        await Assertions.Expect(page.Locator("#loc-readout")).ToHaveAttributeAsync("data-points", "1", new() { Timeout = Deadline });
        await page.Locator($"label[for='category-{category}']").ClickAsync();
        await page.Locator($"label[for='severity-{severity}']").ClickAsync();
        await page.Locator("#note").FillAsync(note);
        if (withPhoto)
        {
            // A real PNG drawn by the browser (a camera would give a JPEG; the page re-encodes either as JPEG).
            var png = await page.EvaluateAsync<string>(
                """
                () => { const c = document.createElement('canvas'); c.width = 640; c.height = 480; const g = c.getContext('2d');
                  g.fillStyle = '#8d6e63'; g.fillRect(0, 0, 640, 480); g.fillStyle = '#fff'; g.fillRect(100, 100, 200, 120);
                  return c.toDataURL('image/png').split(',')[1]; }
                """);
            await page.Locator("#photos")
                .SetInputFilesAsync(new FilePayload { Name = "damage.png", MimeType = "image/png",
                    Buffer = Convert.FromBase64String(png) });
            await Assertions.Expect(page.Locator("#photo-thumbs")).ToHaveAttributeAsync("data-count", "1", new() { Timeout = Deadline });
        }
    }

    private async Task<List<JsonElement>> ReportsWithNoteAsync(string note, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        var all = await http.GetFromJsonAsync<JsonElement>("/api/reports", ct);
        return [.. all.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").Clone())
            .Where(p => p.TryGetProperty("note", out var n) && n.GetString() == note)];
    }
}
