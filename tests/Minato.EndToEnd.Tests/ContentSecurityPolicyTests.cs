using System.Text.Json;
using Microsoft.Playwright;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The pages work under their Content-Security-Policy in Chromium (issue 11, finding 6): MapLibre renders our tiles,
/// the staff views start, Scalar shows the API, and the browser reports no violation.
/// </summary>
public sealed class ContentSecurityPolicyTests(MapServer server, Browser browser)
    : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    // Every violation the page sees, recorded before any of its own scripts run.
    private const string RecordViolations =
        "window.__csp = []; "
        + "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

    [Fact]
    public async Task PublicMap_UnderItsPolicy_RendersTilesWithoutViolations()
    {
        var (page, csp) = await OpenAsync("/");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded() && window.minatoMap.areTilesLoaded()",
            null, new() { Timeout = Browser.Deadline });
        var drawn = await page.EvaluateAsync<int>(
            "() => window.minatoMap.querySourceFeatures('minato', { sourceLayer: 'districts' }).length");
        Assert.True(drawn > 0, "MapLibre drew no districts under the policy");
        await AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task HqMap_UnderItsPolicy_StartsWithoutViolations()
    {
        var (page, csp) = await OpenAsync("/hq?token=" + server.Token("hq"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => window.minatoMap && window.minatoMap.loaded()", null, new() { Timeout = Browser.Deadline });
        await AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task CheckInRegistration_UnderItsPolicy_ShowsTheQrWithoutViolations()
    {
        var (page, _) = await OpenAsync("/register?lang=ko");
        await page.Locator("#reg-name").FillAsync("CSP 테스트");
        await page.Locator("#reg-kana").FillAsync("しーえすぴー");
        await page.Locator("#reg-consent-no").CheckAsync();
        await page.Locator("#reg-submit").ClickAsync();
        // The QR is the server's SVG as a data: image; it must load under img-src.
        await page.WaitForFunctionAsync(
            "() => { const i = document.getElementById('reg-card-qr'); return i && i.complete && i.naturalWidth > 0; }",
            null, new() { Timeout = Browser.Deadline });
        await AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task ApiReference_UnderItsPolicy_ShowsTheApiWithoutViolations()
    {
        var (page, csp) = await OpenAsync("/docs/");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("OGC API Features").First).ToBeVisibleAsync(new() { Timeout = Browser.Deadline });
        await AssertNoViolationsAsync(page);
    }

    private async Task<(IPage Page, string Csp)> OpenAsync(string path)
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(RecordViolations);
        var response = await page.GotoAsync(server.BaseAddress + path);
        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.True(headers.TryGetValue("content-security-policy", out var csp), $"{path} has no Content-Security-Policy");
        return (page, csp!);
    }

    private static async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await page.EvaluateAsync<JsonElement>("() => window.__csp");
        Assert.True(violations.GetArrayLength() == 0, "CSP violations: " + violations.GetRawText());
    }
}
