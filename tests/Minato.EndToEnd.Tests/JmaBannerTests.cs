using System.Net;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// A relay posts a JMA warnings message (built on JMA's 2016 Tokyo sample) and the public map shows it live in the JMA
/// banner, labelled 気象庁発表 / Issued by JMA, with the warnings for 港区 and their 警戒レベル.
/// </summary>
public sealed class JmaBannerTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task RelayPostsWarnings_PublicMapShowsJmaBannerLive()
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync(server.BaseAddress + "/");
        var banner = page.Locator("#jma-banner");
        await Assertions.Expect(banner).ToContainTextAsync("気象庁発表", new() { Timeout = Deadline });

        // The sample with a report time of one hour ago, so it is what JMA has in force now.
        var xml = File.ReadAllText(TestEnvironment.RequireSharedFile("jma/15_12_02_161130_VPWW54.xml"));
        var now = TimeProvider.System.GetUtcNow().AddHours(-1).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm:sszzz",
            System.Globalization.CultureInfo.InvariantCulture);
        xml = xml.Replace("<ReportDateTime>2016-02-12T14:22:00+09:00</ReportDateTime>", $"<ReportDateTime>{now}</ReportDateTime>",
            StringComparison.Ordinal);
        using var http = server.Http(server.Token(MinatoClaims.Relay));
        using var content = new StringContent(xml, System.Text.Encoding.UTF8, "application/xml");
        var response = await http.PostAsync("/api/jma/messages", content, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        await Assertions.Expect(banner).ToHaveAttributeAsync("data-warnings", "3", new() { Timeout = Deadline });
        await Assertions.Expect(banner.Locator(".jma-warning[data-kind='03']")).ToContainTextAsync("大雨警報");
        await Assertions.Expect(banner.Locator(".jma-warning[data-kind='03']")).ToHaveAttributeAsync("data-level", "3");
        await Assertions.Expect(banner.Locator(".jma-label")).ToContainTextAsync("Issued by JMA");
        await Browser.ScreenshotAsync(page, "jma-banner-phone");
    }
}
