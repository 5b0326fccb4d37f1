using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Isolation;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Gis.Database;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The isolated 町丁目 on the HQ map (live kind <c>isolation</c>), on the demo dataset: road-blocked reports on the three
/// roads that cross 高輪四丁目's edge make it appear as a hatched polygon with its residents; rejecting them clears it.
/// The hazard is earthquake: no site of Minato's real GSI list is designated for large fires, so for fire every 町丁目 is
/// isolated from the start.
/// </summary>
public sealed class HqIsolationTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    private const string Takanawa4 = "13103025004";
    private const float Deadline = Browser.Deadline;

    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    [Fact]
    public async Task HqPage_RoadsAroundAChomeBlockedByReports_IsolatedChomeDrawnThenCleared()
    {
        var ct = TestContext.Current.CancellationToken;
        var hq = await server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));
        await hq.Locator("#isolation-hazard").SelectOptionAsync("earthquake");
        await Assertions.Expect(hq.Locator("#legend-isolation")).ToHaveCountAsync(1);
        await Assertions.Expect(hq.Locator("#isolation-summary")).Not.ToBeEmptyAsync(new() { Timeout = Deadline });
        // The demo data was loaded just before: wait for the recompute that follows its last change.
        await CaughtUpAsync(hq, ct);
        Assert.False(await DrawnAsync(hq), "高輪四丁目 reaches a site before the roads are blocked");

        // One road-blocked report along each road that crosses the 町丁目's edge (a line report blocks the road it follows,
        // not the streets it touches).
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        var crossings = await server.Database.DataSource.QueryAsync($"""
            SELECT ST_AsGeoJSON(ST_LineMerge(r.geom)) FROM gis.roads r, gis.chome c
            WHERE c.key_code = '{Takanawa4}' AND ST_Intersects(r.geom, ST_Boundary(c.geom))
            """, null, r => r.GetString(0), ct);
        Assert.NotEmpty(crossings);
        var reports = new List<string>();
        foreach (var line in crossings)
        {
            reports.Add(await CreateBlockAsync(JsonDocument.Parse(line).RootElement, ct));
        }

        await CaughtUpAsync(hq, ct);
        Assert.True(await DrawnAsync(hq), "高輪四丁目 drawn once its roads are blocked");
        var props = await hq.EvaluateAsync<JsonElement>($$"""
            async () => (await window.minatoMap.getSource('isolation').getData()).features
                .find(f => f.properties.key_code === '{{Takanawa4}}').properties
            """);
        Assert.Equal(("高輪四丁目", 4416, 2403, "earthquake", "isolated"), (props.GetProperty("name").GetString(),
            props.GetProperty("residents").GetInt32(), props.GetProperty("households").GetInt32(),
            props.GetProperty("hazard").GetString(), props.GetProperty("reason").GetString()));
        var item = hq.Locator($"#isolation-list li[data-key-code='{Takanawa4}'] button");
        await Assertions.Expect(item).ToContainTextAsync("4,416");
        await item.ClickAsync();
        var popup = hq.Locator(".isolation-popup");
        await Assertions.Expect(popup).ToContainTextAsync("高輪四丁目", new() { Timeout = Deadline });
        await Assertions.Expect(popup).ToContainTextAsync("4,416 人 · 2,403 世帯");
        await Assertions.Expect(popup).ToContainTextAsync("地震: 道路閉塞・危険区域で避難先に到達不能");
        await Browser.ScreenshotAsync(hq, "hq-isolated-chome");

        foreach (var id in reports)
        {
            var body = new { status = "rejected", note = "e2e cleared" };
            using var rejected = await http.PostAsJsonAsync($"/api/reports/{id}/status", body, ct);
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        await CaughtUpAsync(hq, ct);
        Assert.False(await DrawnAsync(hq), "高輪四丁目 still drawn after its roads re-opened");
        await Assertions.Expect(hq.Locator($"#isolation-list li[data-key-code='{Takanawa4}']")).ToHaveCountAsync(0);
    }

    private static readonly string Drawn =
        $"(await window.minatoMap.getSource('isolation').getData()).features.some(f => f.properties.key_code === '{Takanawa4}')";

    /// <summary>Waits until the page's earthquake entities reflect every input committed so far (version ≥ the database's).</summary>
    private async Task CaughtUpAsync(IPage page, CancellationToken ct)
    {
        var version = Convert.ToInt64(await server.Database.DataSource.ScalarAsync(
            "SELECT coalesce(sum(version), 0)::bigint FROM gis.layer_versions WHERE layer = ANY($1)",
            [IsolationPublisher.InputKeys.ToArray()], ct), CultureInfo.InvariantCulture);
        var script = $"() => window.minatoIsolation.version('earthquake') >= {version.ToString(CultureInfo.InvariantCulture)}";
        await page.WaitForFunctionAsync(script, null, new() { Timeout = Deadline, PollingInterval = 250 });
        // The outline fetch of a newly isolated 町丁目 comes after the entity: let the page draw.
        await page.WaitForFunctionAsync("() => window.minatoIsolation.idle()", null, new() { Timeout = Deadline, PollingInterval = 100 });
    }

    private static Task<bool> DrawnAsync(IPage page) => page.EvaluateAsync<bool>($"async () => {Drawn}");

    private async Task<string> CreateBlockAsync(JsonElement geometry, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Field));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = JsonContent.Create(new
            {
                category = "road-blocked", severity = 4, note = "e2e isolation",
                geometry,
                observedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5),
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
        Assert.NotEmpty(body!.RootElement.GetProperty("blockedRoads").EnumerateArray());
        return body.RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
    }
}
