using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Gis.Database;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The isolated 町丁目 on the HQ map (live kind <c>isolation</c>), on the demo dataset: road-blocked reports on the three
/// roads that cross 高輪四丁目's edge make it appear as a hatched polygon with its residents; rejecting them clears it.
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
        await hq.Locator("#isolation-hazard").SelectOptionAsync("fire");
        await Assertions.Expect(hq.Locator("#legend-isolation")).ToHaveCountAsync(1);
        await Assertions.Expect(hq.Locator("#isolation-summary")).Not.ToBeEmptyAsync(new() { Timeout = Deadline });
        Assert.False(await DrawnAsync(hq), "高輪四丁目 reaches a site before the roads are blocked");

        // Where each road crossing the 町丁目's edge crosses it: one road-blocked report there blocks that road.
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        var crossings = await server.Database.DataSource.QueryAsync($"""
            SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(ST_Intersection(r.geom, ST_Boundary(c.geom))) AS p
            FROM gis.roads r, gis.chome c WHERE c.key_code = '{Takanawa4}' AND ST_Intersects(r.geom, ST_Boundary(c.geom))) x
            """, null, r => (r.GetDouble(0), r.GetDouble(1)), ct);
        Assert.NotEmpty(crossings);
        var reports = new List<string>();
        foreach (var (lon, lat) in crossings)
        {
            reports.Add(await CreateBlockAsync(lon, lat, ct));
        }

        await hq.WaitForFunctionAsync($"async () => {Drawn}", null, new() { Timeout = Deadline, PollingInterval = 250 });
        var props = await hq.EvaluateAsync<JsonElement>($$"""
            async () => (await window.minatoMap.getSource('isolation').getData()).features
                .find(f => f.properties.key_code === '{{Takanawa4}}').properties
            """);
        Assert.Equal(("高輪四丁目", 4416, 2403, "fire", "isolated"), (props.GetProperty("name").GetString(),
            props.GetProperty("residents").GetInt32(), props.GetProperty("households").GetInt32(),
            props.GetProperty("hazard").GetString(), props.GetProperty("reason").GetString()));
        await Assertions.Expect(hq.Locator($"#isolation-list li[data-key-code='{Takanawa4}']")).ToContainTextAsync("4,416");
        await Browser.ScreenshotAsync(hq, "hq-isolated-chome");

        foreach (var id in reports)
        {
            using var rejected = await http.PostAsJsonAsync($"/api/reports/{id}/status", new { status = "rejected", note = "e2e cleared" }, ct);
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        await hq.WaitForFunctionAsync($"async () => !({Drawn})", null, new() { Timeout = Deadline, PollingInterval = 250 });
        await Assertions.Expect(hq.Locator($"#isolation-list li[data-key-code='{Takanawa4}']")).ToHaveCountAsync(0);
    }

    private static readonly string Drawn =
        $"(await window.minatoMap.getSource('isolation').getData()).features.some(f => f.properties.key_code === '{Takanawa4}')";

    private static Task<bool> DrawnAsync(IPage page) => page.EvaluateAsync<bool>($"async () => {Drawn}");

    private async Task<string> CreateBlockAsync(double lon, double lat, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Field));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = JsonContent.Create(new
            {
                category = "road-blocked", severity = 4, note = "e2e isolation",
                geometry = new { type = "Point", coordinates = new[] { lon, lat } },
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
