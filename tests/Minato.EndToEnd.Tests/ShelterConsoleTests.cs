using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The evacuation centre console (/shelter/{id} with the centre's token), the HQ's centres panel and task queue, and
/// the public map's open centres, in headless Chromium against the real host and PostGIS.
/// </summary>
public sealed class ShelterConsoleTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>,
    IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task ShelterConsole_OpenAndReport_CrowdingShownAndHqAndPublicSeeItLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, name) = await ShelterAsync(0, ct);
        var hq = await OpenAsync("/hq", server.Token(MinatoClaims.Hq));
        var residents = await browser.NewPageAsync(390, 844);
        await residents.GotoAsync(server.BaseAddress + "/");
        var console = await OpenConsoleAsync(id, server.Token(MinatoClaims.ShelterRole, shelter: id));

        await console.Locator("#shelter-open[data-action='open']").ClickAsync();
        await Assertions.Expect(console.Locator("#console-summary"))
            .ToHaveAttributeAsync("data-open", "true", new() { Timeout = Deadline });
        await console.Locator("#shelter-capacity").FillAsync("100");
        await console.Locator("#shelter-headcount").FillAsync("85");
        await console.Locator("#shelter-households").FillAsync("30");
        await console.Locator("#shelter-wheelchair").FillAsync("2");
        await console.Locator("#shelter-infants").FillAsync("5");
        await console.Locator("#supply-add").ClickAsync();
        await console.Locator("#supply-rows tr .supply-item").Last.FillAsync("毛布");
        await console.Locator("#supply-rows tr .supply-quantity").Last.FillAsync("200");
        await console.Locator("#supply-rows tr .supply-unit").Last.SelectOptionAsync("sheet");
        await console.Locator("#shelter-save").ClickAsync();

        // 85 of 100: 混雑 (crowded, 80 % to below 100 %), as derived by the server.
        await Assertions.Expect(console.Locator("#crowding .crowding"))
            .ToHaveAttributeAsync("data-crowding", "crowded", new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#crowding .crowding")).ToHaveTextAsync("混雑");
        await Assertions.Expect(console.Locator("#shelter-occupancy")).ToContainTextAsync("85");
        using (var centre = await StaffGetAsync($"/api/shelters/{id}", ct))
        {
            var c = centre.RootElement;
            Assert.True(c.GetProperty("open").GetBoolean());
            Assert.Equal(85, c.GetProperty("headcount").GetInt32());
            Assert.Equal(30, c.GetProperty("households").GetInt32());
            Assert.Equal(2, c.GetProperty("needs").GetProperty("wheelchair").GetInt32());
            Assert.Equal("crowded", c.GetProperty("crowding").GetString());
            var supply = Assert.Single(c.GetProperty("supplies").EnumerateArray());
            Assert.Equal("毛布", supply.GetProperty("item").GetString());
            Assert.Equal(200m, supply.GetProperty("quantity").GetDecimal());
        }

        await Browser.ScreenshotAsync(console, "shelter-console");

        // HQ: the centres panel, live.
        var row = hq.Locator($"#centre-list li[data-shelter-id='{id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-crowding", "crowded", new() { Timeout = Deadline });
        await Assertions.Expect(row).ToContainTextAsync(name);
        await Assertions.Expect(row).ToContainTextAsync("85/100");

        // Residents: the open centre and its crowding, live — and nothing about needs or supplies.
        var open = residents.Locator($"#open-shelters li[data-shelter-id='{id}']");
        await Assertions.Expect(open).ToHaveAttributeAsync("data-crowding", "crowded", new() { Timeout = Deadline });
        Assert.DoesNotContain("毛布", await residents.Locator("#panel").InnerTextAsync(), StringComparison.Ordinal);

        // Closing takes it off the public map.
        await console.Locator("#shelter-open[data-action='close']").ClickAsync();
        await Assertions.Expect(console.Locator("#console-summary"))
            .ToHaveAttributeAsync("data-open", "false", new() { Timeout = Deadline });
        await Assertions.Expect(open).ToHaveCountAsync(0, new() { Timeout = Deadline });
    }

    [Fact]
    public async Task ShelterConsole_MoreHouseholdsThanPeople_ShowsTheServersReasonAndStoresNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, _) = await ShelterAsync(1, ct);
        var console = await OpenConsoleAsync(id, server.Token(MinatoClaims.ShelterRole, shelter: id));
        await Assertions.Expect(console.Locator("#shelter-headcount")).ToHaveValueAsync("0", new() { Timeout = Deadline });

        await console.Locator("#shelter-headcount").FillAsync("3");
        await console.Locator("#shelter-households").FillAsync("7");
        await console.Locator("#shelter-save").ClickAsync();

        await Assertions.Expect(console.Locator("#shelter-error")).ToContainTextAsync("households", new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#shelter-error")).ToContainTextAsync("400");
        using var centre = await StaffGetAsync($"/api/shelters/{id}", ct);
        Assert.Equal(0, centre.RootElement.GetProperty("headcount").GetInt32());
    }

    [Fact]
    public async Task ShelterConsole_AnotherCentresToken_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, _) = await ShelterAsync(2, ct);
        var (other, _) = await ShelterAsync(3, ct);

        var console = await OpenConsoleAsync(id, server.Token(MinatoClaims.ShelterRole, shelter: other), connected: false);

        // Staff may read any centre, but the live scope and every write are the centre's own.
        await Assertions.Expect(console.Locator("#link-state"))
            .ToHaveAttributeAsync("data-state", "disconnected", new() { Timeout = Deadline });
        await Assertions.Expect(console.Locator("#shelter-headcount")).ToHaveValueAsync("0", new() { Timeout = Deadline });
        await console.Locator("#shelter-headcount").FillAsync("12");
        await console.Locator("#shelter-households").FillAsync("4");
        await console.Locator("#shelter-save").ClickAsync();
        await Assertions.Expect(console.Locator("#shelter-error")).ToContainTextAsync("403", new() { Timeout = Deadline });
        await console.Locator("#shelter-open").ClickAsync();
        await Assertions.Expect(console.Locator("#console-summary")).ToHaveAttributeAsync("data-open", "false");
        using var centre = await StaffGetAsync($"/api/shelters/{id}", ct);
        Assert.Equal(0, centre.RootElement.GetProperty("headcount").GetInt32());
        Assert.False(centre.RootElement.GetProperty("open").GetBoolean());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Tasks_HqInstructsACentre_CentreAcknowledgesAndRepliesAndHqSeesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, _) = await ShelterAsync(4, ct);
        var title = "e2e 毛布の配布 " + Guid.NewGuid().ToString("N")[..6];
        var hq = await OpenAsync("/hq", server.Token(MinatoClaims.Hq));
        var console = await OpenConsoleAsync(id, server.Token(MinatoClaims.ShelterRole, shelter: id));

        // HQ → the centre: an urgent instruction.
        await hq.Locator("#task-to-kind").SelectOptionAsync("1");
        await hq.Locator("#task-to-id").FillAsync(id);
        await hq.Locator("#task-title").FillAsync(title);
        await hq.Locator("#task-body").FillAsync("体育館の毛布を配布してください");
        await hq.Locator("#task-priority").SelectOptionAsync("urgent");
        await hq.Locator("#task-create").ClickAsync();
        await Assertions.Expect(hq.Locator("#task-done")).ToContainTextAsync("#", new() { Timeout = Deadline });
        var onHq = hq.Locator("#task-list li.task", new() { HasText = title });
        await Assertions.Expect(onHq).ToHaveAttributeAsync("data-status", "open");
        var taskId = await onHq.GetAttributeAsync("data-task-id");

        // The centre sees it live, acknowledges it and replies.
        var onCentre = console.Locator($"#task-list li[data-task-id='{taskId}']");
        await Assertions.Expect(onCentre).ToHaveCountAsync(1, new() { Timeout = Deadline });
        await Assertions.Expect(onCentre).ToHaveAttributeAsync("data-priority", "urgent");
        await onCentre.Locator(".task-head").ClickAsync();
        await onCentre.Locator("button.ack").ClickAsync();
        await Assertions.Expect(onCentre).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = Deadline });
        await onCentre.Locator($"#reply-{taskId}").FillAsync("了解、配布を始めます");
        await onCentre.Locator(".reply button").ClickAsync();
        await Assertions.Expect(onCentre.Locator(".thread li"))
            .ToContainTextAsync("了解、配布を始めます", new() { Timeout = Deadline });

        // HQ sees the acknowledgement and the reply live.
        await Assertions.Expect(onHq).ToHaveAttributeAsync("data-status", "acknowledged", new() { Timeout = Deadline });
        await onHq.Locator(".task-head").ClickAsync();
        await Assertions.Expect(onHq.Locator(".thread li"))
            .ToContainTextAsync("了解、配布を始めます", new() { Timeout = Deadline });
        using var task = await StaffGetAsync($"/api/tasks/{taskId}", ct);
        Assert.Equal("acknowledged", task.RootElement.GetProperty("status").GetString());
        Assert.Single(task.RootElement.GetProperty("messages").EnumerateArray());
        await Browser.ScreenshotAsync(hq, "hq-tasks");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Tasks_CentreRequest_DistrictForwardsToHqWhichSeesItLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, _) = await ShelterAsync(5, ct);
        string district;
        using (var centre = await StaffGetAsync($"/api/shelters/{id}", ct))
        {
            district = centre.RootElement.GetProperty("district").GetString()!;
        }

        var title = "e2e 飲料水の要請 " + Guid.NewGuid().ToString("N")[..6];
        var console = await OpenConsoleAsync(id, server.Token(MinatoClaims.ShelterRole, shelter: id));
        var districtHq = await OpenAsync($"/district/{district}", server.Token(MinatoClaims.DistrictRole, district: district));
        var hq = await OpenAsync("/hq", server.Token(MinatoClaims.Hq));

        // The centre's only choice is a request to its own district HQ.
        await Assertions.Expect(console.Locator("#task-to-kind option")).ToHaveCountAsync(1);
        await console.Locator("#task-title").FillAsync(title);
        await console.Locator("#task-priority").SelectOptionAsync("high");
        await console.Locator("#task-create").ClickAsync();
        await Assertions.Expect(console.Locator("#task-done")).ToContainTextAsync("#", new() { Timeout = Deadline });

        var onDistrict = districtHq.Locator("#task-list li.task", new() { HasText = title });
        await Assertions.Expect(onDistrict).ToHaveCountAsync(1, new() { Timeout = Deadline });
        var taskId = await onDistrict.GetAttributeAsync("data-task-id");
        await onDistrict.Locator(".task-head").ClickAsync();
        await onDistrict.Locator("button.forward").ClickAsync();

        // HQ sees every task (the request too, while it was the district's): now it is addressed to HQ, live.
        var onHq = hq.Locator($"#task-list li[data-task-id='{taskId}']");
        await Assertions.Expect(onHq).ToHaveAttributeAsync("data-to", "hq", new() { Timeout = Deadline });
        await Assertions.Expect(onHq).ToContainTextAsync(title);
        await Assertions.Expect(onDistrict.Locator("button.forward")).ToHaveCountAsync(0);
        using var task = await StaffGetAsync($"/api/tasks/{taskId}", ct);
        Assert.Equal("hq", task.RootElement.GetProperty("to").GetProperty("kind").GetString());
        Assert.Equal(district, task.RootElement.GetProperty("forwarded").GetProperty("from").GetString());
    }

    private Task<IPage> OpenAsync(string path, string token) => server.OpenLiveAsync(browser, path, token);

    private async Task<IPage> OpenConsoleAsync(string id, string token, bool connected = true)
    {
        var page = await browser.NewPageAsync(1024, 1200);
        await page.GotoAsync($"{server.BaseAddress}/shelter/{id}?token={token}");
        await Assertions.Expect(page.Locator("#shelter-console")).ToHaveCountAsync(1, new() { Timeout = Deadline });
        if (connected)
        {
            await Assertions.Expect(page.Locator("#link-state"))
                .ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });
        }

        return page;
    }

    /// <summary>The n-th evacuation centre of the demo data (each test its own, so tests never share a centre's state).</summary>
    private async Task<(string Id, string Name)> ShelterAsync(int n, CancellationToken ct)
    {
        using var all = await StaffGetAsync("/api/shelters", ct);
        var centres = all.RootElement.EnumerateArray()
            .OrderBy(c => long.Parse(c.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var c = centres[n];
        return (c.GetProperty("id").GetString()!, c.GetProperty("name").GetString()!);
    }

    private async Task<JsonDocument> StaffGetAsync(string path, CancellationToken ct)
    {
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        return (await http.GetFromJsonAsync<JsonDocument>(path, ct))!;
    }
}
