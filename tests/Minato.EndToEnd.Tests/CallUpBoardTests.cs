using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Minato.Disaster.CallUp;
using Minato.Disaster.Security;
using Minato.EndToEnd.Tests.Infrastructure;

namespace Minato.EndToEnd.Tests;

/// <summary>
/// The staff call-up in Chromium: HQ starts a call-up from its page, a staff member answers on the phone page their link
/// opens, and the HQ board (and the district board, without names) changes live.
/// </summary>
public sealed class CallUpBoardTests(MapServer server, Browser browser) : IClassFixture<MapServer>, IClassFixture<Browser>, IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await browser.CloseContextsAsync();

    private const float Deadline = Browser.Deadline;

    [Fact]
    public async Task HqBoard_AnswerOnPhonePage_CountsChangeLive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = server.Http(server.Token(MinatoClaims.Hq));
        using var created = await http.PostAsJsonAsync("/api/staff",
            new { name = "芝 参集（架空）", email = "e2e-callup@staff.example", district = "shiba", groups = new[] { "P" } }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var hq = await server.OpenLiveAsync(browser, "/hq", server.Token(MinatoClaims.Hq));
        var district = await server.OpenLiveAsync(browser, "/district/shiba", server.Token(MinatoClaims.DistrictRole, district: "shiba"));
        await hq.Locator("#callup-level").SelectOptionAsync("first");
        await hq.Locator("#callup-groups").FillAsync("P");
        await hq.Locator("#callup-reason").FillAsync("E2E 訓練");
        await hq.Locator("#callup-start").ClickAsync();

        var card = hq.Locator("#callup-list li.callup[data-state='active']").Filter(new() { HasText = "E2E 訓練" });
        await Assertions.Expect(card.Locator(".callup-total .callup-not-answered"))
            .ToHaveAttributeAsync("data-count", "1", new() { Timeout = Deadline });
        await Assertions.Expect(card.Locator(".callup-waiting li")).ToHaveTextAsync("芝 参集（架空） (shiba)");
        var id = await card.GetAttributeAsync("data-callup-id");
        var districtCard = district.Locator($"#callup-list li.callup[data-callup-id='{id}']");
        await Assertions.Expect(districtCard.Locator(".callup-total .callup-not-answered"))
            .ToHaveAttributeAsync("data-count", "1", new() { Timeout = Deadline });

        // The MapServer has no SMTP server: the link the mail would carry is made here, as the mailer makes it (hash only).
        var token = AnswerToken.New();
        await server.Database.ExecuteAsync(
            "INSERT INTO ops.callup_links (token_hash, recipient_id, created_at, expires_at) " +
            $"SELECT decode('{Convert.ToHexString(AnswerToken.Hash(token))}', 'hex'), id, now(), now() + interval '1 day' " +
            $"FROM ops.callup_recipients WHERE callup_id = {id}", ct);
        var phone = await browser.NewPageAsync(390, 844);
        await phone.GotoAsync($"{server.BaseAddress}/callup/{token}");
        await phone.GetByRole(AriaRole.Button, new() { Name = "30 分 / min" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#current")).ToHaveAttributeAsync("data-answer", "available", new() { Timeout = Deadline });

        await Assertions.Expect(card.Locator(".callup-total .callup-available"))
            .ToHaveAttributeAsync("data-count", "1", new() { Timeout = Deadline });
        await Assertions.Expect(card.Locator(".callup-total .callup-not-answered")).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(card.Locator(".callup-waiting li")).ToHaveCountAsync(0);
        await Assertions.Expect(districtCard.Locator(".callup-total .callup-available"))
            .ToHaveAttributeAsync("data-count", "1", new() { Timeout = Deadline });
        await Assertions.Expect(district.Locator("#callup-panel")).Not.ToContainTextAsync("芝 参集");
    }
}
