using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;
using Minato.Testing;

namespace Minato.EndToEnd.Tests.CheckIn;

/// <summary>
/// The whole check-in in headless Chromium against the real host and PostGIS: a household registers on the public page and
/// gets its QR; a centre's tablet scans it from a fake camera (the QR rendered into a Y4M file) → checked in, headcount up by
/// the household; the tablet of another centre scans it → moved, the first centre's count drops live; the roster read and
/// the 安否 searches are audited; consent is honoured.
/// </summary>
public sealed class CheckInJourneyTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>,
    IAsyncDisposable
{
    private const float Deadline = Browser.Deadline;
    private IPlaywright? _playwright;
    private IBrowser? _camera;

    public async ValueTask DisposeAsync()
    {
        await browser.CloseContextsAsync();
        if (_camera is not null)
        {
            await _camera.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Register_ScanAtCentre_MoveToAnother_CountsLiveRosterAndSafetySearchAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await OpenCentreAsync("E2E 受付第一小学校", ct);
        var second = await OpenCentreAsync("E2E 受付第二中学校", ct);
        var name = "E2E 港 " + Guid.NewGuid().ToString("N")[..6];

        // 1. The phone: the public page in English, a household of three, consent given.
        var phone = await browser.NewPageAsync(390, 844);
        await phone.GotoAsync(server.BaseAddress + "/register?lang=en");
        await phone.Locator("#reg-name").FillAsync(name);
        await phone.Locator("#reg-kana").FillAsync("みなと いーつーいー");
        for (var i = 0; i < 2; i++)
        {
            await phone.Locator("#reg-add-member").ClickAsync();
            await phone.Locator("#reg-members .member-name").Last.FillAsync($"{name} 家族{i}");
        }

        await phone.Locator("#reg-wheelchair").FillAsync("1");
        await phone.Locator("#reg-consent-yes").CheckAsync();
        await phone.Locator("#reg-submit").ClickAsync();
        var qr = phone.Locator("#reg-card-qr");
        await Assertions.Expect(qr).ToBeVisibleAsync(new() { Timeout = Deadline });
        var payload = (await qr.GetAttributeAsync("data-payload"))!;
        Assert.StartsWith("MINATO-EVAC:", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(name, payload, StringComparison.Ordinal);
        Assert.Equal(payload["MINATO-EVAC:".Length..], await phone.Locator("#reg-card-code").TextContentAsync());
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, "checkin-register.png") });

        // 2. The QR shown to the first centre's tablet camera.
        var video = Path.Combine(Path.GetTempPath(), $"minato-qr-{Guid.NewGuid():N}.y4m");
        FakeCamera.WriteQrVideo(video, payload);
        try
        {
            var camera = await CameraAsync(video);
            var tabletA = await OpenTabletAsync(camera, first);
            await tabletA.Locator("#ci-camera").ClickAsync();
            await Assertions.Expect(tabletA.Locator("#ci-result"))
                .ToHaveAttributeAsync("data-action", "checked-in", new() { Timeout = Deadline });
            await Assertions.Expect(tabletA.Locator("#ci-headcount")).ToHaveTextAsync("3", new() { Timeout = Deadline });
            await Assertions.Expect(tabletA.Locator("#ci-households")).ToHaveTextAsync("1");
            await tabletA.Locator("#ci-camera").ClickAsync(); // stop scanning at the first desk
            using (var a = await CentreAsync(first, ct))
            {
                Assert.Equal(3, a.RootElement.GetProperty("headcount").GetInt32());
                Assert.Equal(1, a.RootElement.GetProperty("needs").GetProperty("wheelchair").GetInt32());
                Assert.Equal("check-in", a.RootElement.GetProperty("countsSource").GetString());
            }

            // 3. The household moves: the second centre's tablet scans the same card.
            var tabletB = await OpenTabletAsync(camera, second);
            await tabletB.Locator("#ci-camera").ClickAsync();
            await Assertions.Expect(tabletB.Locator("#ci-result"))
                .ToHaveAttributeAsync("data-action", "checked-in", new() { Timeout = Deadline });
            await Assertions.Expect(tabletB.Locator("#ci-headcount")).ToHaveTextAsync("3", new() { Timeout = Deadline });
            await Assertions.Expect(tabletA.Locator("#ci-headcount")).ToHaveTextAsync("0", new() { Timeout = Deadline }); // live
            await tabletB.ScreenshotAsync(new() { Path = Path.Combine(Browser.ScreenshotFolder, "checkin-tablet.png") });
            using (var a = await CentreAsync(first, ct))
            {
                Assert.Equal(0, a.RootElement.GetProperty("headcount").GetInt32());
            }

            // 4. The roster at the second centre (an audited read).
            await tabletB.Locator("#ci-roster-load").ClickAsync();
            await Assertions.Expect(tabletB.Locator("#ci-roster tr")).ToContainTextAsync(name, new() { Timeout = Deadline });
        }
        finally
        {
            File.Delete(video);
        }

        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM ops.audit_log WHERE action = 'roster.read' AND entity_id = $1", second));

        // 5. 安否: the call centre finds the consenting household at the second centre; a household without consent is not found.
        using (var hidden = server.Http())
        {
            var registered = await hidden.PostAsJsonAsync("/api/public/evacuees",
                new { name = name + " 非公開", kana = "ひこうかい", consent = false }, ct);
            Assert.True(registered.IsSuccessStatusCode);
        }

        using var callCentre = server.Http(server.Token("call-centre"));
        using (var found = (await callCentre.GetFromJsonAsync<JsonDocument>(
            "/api/safety/search?q=" + Uri.EscapeDataString(name), ct))!)
        {
            var match = Assert.Single(found.RootElement.GetProperty("matches").EnumerateArray());
            Assert.Equal(second, match.GetProperty("shelterId").GetString());
            Assert.Equal("checked-in", match.GetProperty("status").GetString());
        }

        using (var notFound = (await callCentre.GetFromJsonAsync<JsonDocument>(
            "/api/safety/search?q=" + Uri.EscapeDataString(name + " 非公開"), ct))!)
        {
            Assert.Empty(notFound.RootElement.GetProperty("matches").EnumerateArray());
        }

        Assert.Equal(2L, await CountAsync(
            "SELECT count(*) FROM ops.audit_log WHERE action = 'safety.search' AND actor = $1 AND position($2 in details::text) = 0",
            "e2e-call-centre", name));
    }

    /// <summary>A Chromium whose camera shows <paramref name="video"/>; camera permission granted without a prompt.</summary>
    private async Task<IBrowserContext> CameraAsync(string video)
    {
        if (!File.Exists(Browser.ChromiumPath))
        {
            TestEnvironment.Unavailable($"Chromium not found at {Browser.ChromiumPath}");
        }

        _playwright = await Playwright.CreateAsync();
        _camera = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--use-file-for-fake-video-capture=" + video,
            ],
        });
        return await _camera.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
            Locale = "ja-JP",
            Permissions = ["camera"],
        });
    }

    private async Task<IPage> OpenTabletAsync(IBrowserContext camera, string centre)
    {
        var page = await camera.NewPageAsync();
        page.PageError += (_, e) => Browser.Log($"checkin page error: {e}");
        var token = server.Token(MinatoClaims.ShelterRole, shelter: centre);
        await page.GotoAsync($"{server.BaseAddress}/shelter/{centre}/checkin?token={token}");
        await Assertions.Expect(page.Locator("#ci-headcount")).ToHaveTextAsync("0", new() { Timeout = Deadline });
        return page;
    }

    private async Task<string> OpenCentreAsync(string name, CancellationToken ct)
    {
        // A centre of its own in Shiba Park (inside the ward), so the test depends on no demo shelter.
        var id = (long)(await Minato.Gis.Database.Sql.ScalarAsync(server.Database.DataSource,
            """
            INSERT INTO gis.facilities (kind, source, source_id, name, capacity, geom)
            VALUES ('shelter', 'test', gen_random_uuid()::text, $1, 200, ST_SetSRID(ST_Point(139.7485, 35.6545), 6668)) RETURNING id
            """, [name], ct))!;
        var text = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var hq = server.Http(server.Token(MinatoClaims.Hq));
        Assert.True((await hq.PostAsync($"/api/shelters/{text}/open", null, ct)).IsSuccessStatusCode);
        return text;
    }

    private async Task<JsonDocument> CentreAsync(string id, CancellationToken ct)
    {
        using var hq = server.Http(server.Token(MinatoClaims.Hq));
        return (await hq.GetFromJsonAsync<JsonDocument>($"/api/shelters/{id}", ct))!;
    }

    private async Task<long> CountAsync(string sql, params object[] values) =>
        (long)(await Minato.Gis.Database.Sql.ScalarAsync(server.Database.DataSource, sql, values,
            TestContext.Current.CancellationToken))!;
}
