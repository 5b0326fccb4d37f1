using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>Damage reports on the HQ and district maps: the status workflow by buttons, district scoping, blocked roads.</summary>
public sealed class HqReportsTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    public async Task HqPage_StatusButtons_WalkTheWorkflowAndRecordWhoDidIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var note = "e2e workflow " + Guid.NewGuid().ToString("N")[..6];
        var id = await CreateReportAsync("fire", 139.7490, 35.6560, note, ct);
        var hq = await OpenAsync("/hq", server.Token(MinatoClaims.Hq));

        await hq.Locator($"#report-list li[data-report-id='{id}'] button").ClickAsync(new() { Timeout = Deadline });
        var card = hq.Locator("#report-details .card");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "reported", new() { Timeout = Deadline });
        await Assertions.Expect(card.Locator(".status-buttons button")).ToHaveCountAsync(2); // confirm or reject, nothing else

        await hq.Locator("#status-note").FillAsync("現地確認済み");
        await card.Locator("button[data-to='confirmed']").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = Deadline });
        await hq.Locator("#status-assignee").FillAsync("消防第2班");
        await card.Locator("button[data-to='assigned']").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "assigned", new() { Timeout = Deadline });
        await Assertions.Expect(hq.Locator($".report-marker[data-report-id='{id}']")).ToHaveAttributeAsync("data-status", "assigned");

        using var report = await StaffGetAsync($"/api/reports/{id}", ct);
        var history = report.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["reported", "confirmed", "assigned"], history.Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("e2e-hq", history[1].GetProperty("by").GetString());
        Assert.Equal("現地確認済み", history[1].GetProperty("note").GetString());
    }

    [Fact]
    public async Task DistrictPage_Shiba_ShowsShibaReportsOnlyAlsoLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var shiba = await CreateReportAsync("flooding", 139.7490, 35.6560, "e2e shiba", ct);
        var akasaka = await CreateReportAsync("flooding", 139.7365, 35.6736, "e2e akasaka", ct);
        var page = await OpenAsync("/district/shiba", server.Token(MinatoClaims.DistrictRole, district: "shiba"));

        await Assertions.Expect(page.Locator($"#report-list li[data-report-id='{shiba}']"))
            .ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator($"#report-list li[data-report-id='{akasaka}']")).ToHaveCountAsync(0);

        // Made while the page is open: the Shiba one arrives live, the Akasaka one never does.
        var akasakaLive = await CreateReportAsync("landslide", 139.7365, 35.6736, "e2e akasaka live", ct);
        var shibaLive = await CreateReportAsync("landslide", 139.7490, 35.6560, "e2e shiba live", ct);
        await Assertions.Expect(page.Locator($"#report-list li[data-report-id='{shibaLive}']"))
            .ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(page.Locator($".report-marker[data-report-id='{akasakaLive}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#report-list li[data-report-id='{akasakaLive}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task HqPage_RoadBlockedReport_DrawsTheBlockedRoadsAndClearsThemWhenResolved()
    {
        var ct = TestContext.Current.CancellationToken;
        // A point on a road of the demo data, in the ward.
        using var http = server.Http();
        using var roads = await http.GetFromJsonAsync<JsonDocument>(
            "/ogc/collections/roads/items?limit=1&bbox=139.745,35.650,139.755,35.660", ct);
        var line = roads!.RootElement.GetProperty("features")[0].GetProperty("geometry");
        var coords = line.GetProperty("type").GetString() == "MultiLineString" ? line.GetProperty("coordinates")[0]
            : line.GetProperty("coordinates");
        var c = coords[0];
        var id = await CreateReportAsync("road-blocked", c[0].GetDouble(), c[1].GetDouble(), "e2e road blocked", ct);
        using (var report = await StaffGetAsync($"/api/reports/{id}", ct))
        {
            Assert.NotEmpty(report.RootElement.GetProperty("blockedRoads").EnumerateArray());
        }

        var hq = await OpenAsync("/hq", server.Token(MinatoClaims.Hq));
        await hq.WaitForFunctionAsync(
            "async () => (await window.minatoMap?.getSource('report-blocked')?.getData())?.features.length > 0", null,
                new() { Timeout = Deadline, PollingInterval = 250 });
        await Browser.ScreenshotAsync(hq, "hq-blocked-road");

        // Resolved (through the API): the roads are open again on the map, live.
        using var staff = server.Http(server.Token(MinatoClaims.Hq));
        foreach (var s in new[] { "confirmed", "assigned", "in-progress", "resolved" })
        {
            using var r = await staff.PostAsJsonAsync($"/api/reports/{id}/status",
                new { status = s, assignee = s == "assigned" ? "道路班" : null }, ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        await hq.WaitForFunctionAsync(
            "async () => (await window.minatoMap?.getSource('report-blocked')?.getData())?.features.length === 0", null,
                new() { Timeout = Deadline, PollingInterval = 250 });
        await Assertions.Expect(hq.Locator($"#report-list li[data-report-id='{id}']")).ToHaveCountAsync(0);

        // It left the live situation, but its final state is kept: "show resolved" lists it.
        await hq.Locator("label[for='reports-closed']").ClickAsync();
        await Assertions.Expect(hq.Locator($"#report-list li[data-report-id='{id}']"))
            .ToHaveAttributeAsync("data-status", "resolved", new() { Timeout = Deadline });
    }

    private async Task<string> CreateReportAsync(string category, double lon, double lat, string note, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Field));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = JsonContent.Create(new
            {
                category, severity = 3, note,
                geometry = new { type = "Point", coordinates = new[] { lon, lat } },
                observedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5),
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
        return body!.RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
    }

    private async Task<JsonDocument> StaffGetAsync(string path, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        return (await http.GetFromJsonAsync<JsonDocument>(path, ct))!;
    }

    private Task<IPage> OpenAsync(string path, string token) => server.OpenLiveAsync(browser, path, token);
}
