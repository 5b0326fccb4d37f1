using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>HQ issues a resident alert from its page; the public map shows it live and drops it when cancelled.</summary>
public sealed class ResidentAlertTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>,
    IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task HqAlertForm_IssueAndCancel_PublicMapBannerFollowsLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var headline = "e2e 避難指示 " + Guid.NewGuid().ToString("N")[..6];
        var residents = await browser.NewPageAsync(390, 844);
        await residents.GotoAsync(server.BaseAddress + "/");
        await Assertions.Expect(residents.Locator("#public-alerts")).ToHaveAttributeAsync("data-alerts", "0", new() { Timeout = Deadline });
        var hq = await browser.NewPageAsync();
        await hq.GotoAsync($"{server.BaseAddress}/hq?token={server.Token(MinatoClaims.Hq)}");
        await Assertions.Expect(hq.Locator("#link-state")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = Deadline });

        await hq.Locator("#public-alerts-panel summary").ClickAsync();
        await hq.Locator("#alert-level").SelectOptionAsync("4");
        await hq.Locator("#alert-status").SelectOptionAsync("Exercise");
        await hq.Locator("label[for='alert-d-shiba']").ClickAsync();
        await hq.Locator("#alert-headline-ja").FillAsync(headline);
        await hq.Locator("#alert-headline-en").FillAsync("Evacuate (exercise)");
        await hq.Locator("#alert-description-ja").FillAsync("芝地区に避難指示（訓練）");
        await hq.Locator("#alert-description-en").FillAsync("Evacuation order for Shiba (exercise)");
        await hq.Locator("#alert-publish").ClickAsync();
        await Assertions.Expect(hq.Locator("#alert-done")).ToContainTextAsync("#", new() { Timeout = Deadline });
        var item = hq.Locator("#public-alert-list li[data-alert-id]", new() { HasText = headline });
        await Assertions.Expect(item).ToHaveAttributeAsync("data-level", "4");
        var id = await item.GetAttributeAsync("data-alert-id");

        // The public API and the residents' map (live) show it.
        using var http = server.Http();
        using (var active = await http.GetFromJsonAsync<JsonDocument>("/api/public-alerts?active=true", ct))
        {
            var alert = Assert.Single(active!.RootElement.EnumerateArray(), a => a.GetProperty("id").ToString() == id);
            Assert.Equal(4, alert.GetProperty("level").GetInt32());
            Assert.Equal("evacuate", alert.GetProperty("evacuation").GetString());
            Assert.Equal(["shiba"], alert.GetProperty("districts").EnumerateArray().Select(d => d.GetString()));
        }

        var banner = residents.Locator($"#public-alerts .public-alert[data-alert-id='{id}']");
        await Assertions.Expect(banner).ToContainTextAsync(headline, new() { Timeout = Deadline });
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-level", "4");
        await Browser.ScreenshotAsync(residents, "public-alert-phone");

        await item.Locator("button.cancel-alert").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0, new() { Timeout = Deadline });
        await Assertions.Expect(banner).ToHaveCountAsync(0, new() { Timeout = Deadline });
        await Assertions.Expect(residents.Locator("#public-alerts")).ToHaveAttributeAsync("data-alerts", "0");
    }

    [Fact]
    public async Task HqAlertForm_NoEnglishText_ShowsTheServersReasonAndPublishesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var hq = await browser.NewPageAsync();
        await hq.GotoAsync($"{server.BaseAddress}/hq?token={server.Token(MinatoClaims.Hq)}");
        await hq.Locator("#public-alerts-panel summary").ClickAsync(new() { Timeout = Deadline });
        await hq.Locator("label[for='alert-d-azabu']").ClickAsync();
        await hq.Locator("#alert-headline-ja").FillAsync("英語なし");
        await hq.Locator("#alert-publish").ClickAsync();

        await Assertions.Expect(hq.Locator("#alert-error")).ToContainTextAsync("en", new() { Timeout = Deadline });
        using var http = server.Http();
        using var active = await http.GetFromJsonAsync<JsonDocument>("/api/public-alerts?active=true", ct);
        Assert.DoesNotContain(active!.RootElement.EnumerateArray(), a =>
            a.GetProperty("headline").GetProperty("ja").GetString() == "英語なし");
    }
}
