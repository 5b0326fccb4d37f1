using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Minato.Disaster.Tests.CheckIn;
using Minato.Disaster.Tests.Shelters;

namespace Minato.Disaster.Tests.Safety;

/// <summary>
/// 安否 search on the real host and PostGIS: found by name, kana, member or address only with consent; a person who did not
/// consent answers exactly like nobody; roles; every search audited without its text; the per-user limit on a fake clock.
/// </summary>
public sealed class SafetySearchTests(SafetySearchTests.Host host) : IClassFixture<SafetySearchTests.Host>
{
    public const int PerMinute = 5;

    public sealed class Host : MinatoApiFactory
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Minato:Safety:SearchesPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A searcher of its own per test (the limit is per user).</summary>
    private HttpClient Searcher(string role = "call-centre") => host.CreateClient(role, subject: CheckInScene.Unique("op-"));

    [Fact]
    public async Task Search_Consented_ByNameKanaMemberAndAddress_CentreAndStatus()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var surname = CheckInScene.Unique("港");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(),
            CheckInScene.Household(surname + " 花子", "みなと はなこ" + surname, 1, address: "東京都港区芝浦" + surname));
        await CheckInScene.ScanAsync(host.CreateClient("hq"), centre, (string)card["qrPayload"]!);
        var searcher = Searcher();

        foreach (var q in new[] { surname + "花子", surname + "　花子 ", "ミナトハナコ" + surname, surname + " 花子 家族1", "芝浦" + surname })
        {
            var response = await searcher.GetAsync($"/api/safety/search?q={Uri.EscapeDataString(q)}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var match = Assert.Single((await ShelterScene.JsonAsync(response))["matches"]!.AsArray())!;
            Assert.Equal(surname + " 花子", (string)match["name"]!);
            Assert.Equal(centre, (string)match["shelterId"]!);
            Assert.Equal("checked-in", (string)match["status"]!);
        }
    }

    [Fact]
    public async Task Search_NotConsented_AnswersExactlyLikeNoSuchPerson()
    {
        var centre = await CheckInScene.OpenCentreAsync(host, "shiba");
        var name = CheckInScene.Unique("非公開");
        var card = await CheckInScene.RegisterAsync(host.CreateClient(), CheckInScene.Household(name, "ひこうかい", 0, consent: false));
        await CheckInScene.ScanAsync(host.CreateClient("hq"), centre, (string)card["qrPayload"]!);
        var searcher = Searcher("hq");

        var hidden = await searcher.GetAsync($"/api/safety/search?q={Uri.EscapeDataString(name)}", Ct);
        var nobody = await searcher.GetAsync($"/api/safety/search?q={Uri.EscapeDataString(CheckInScene.Unique("不在"))}", Ct);

        Assert.Equal(nobody.StatusCode, hidden.StatusCode);
        Assert.Equal(await nobody.Content.ReadAsStringAsync(Ct), await hidden.Content.ReadAsStringAsync(Ct));
        Assert.Empty((await ShelterScene.JsonAsync(hidden))["matches"]!.AsArray());
    }

    [Fact]
    public async Task Search_Audited_WithSearcherAndFieldsNeverTheText()
    {
        var subject = CheckInScene.Unique("auditor-");
        var q = CheckInScene.Unique("監査対象");

        var response = await host.CreateClient("call-centre", subject: subject).GetAsync(
            $"/api/safety/search?q={Uri.EscapeDataString(q)}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await CheckInScene.ScalarAsync<string>(host.Database,
            "SELECT role || ' ' || details::text FROM ops.audit_log WHERE action = 'safety.search' AND actor = $1", subject);
        Assert.StartsWith("call-centre ", row, StringComparison.Ordinal);
        var details = JsonNode.Parse(row["call-centre ".Length..])!;
        Assert.Equal(["name", "kana", "address"], details["fields"]!.AsArray().Select(f => (string)f!).ToArray());
        Assert.DoesNotContain(q, row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_OtherRolesAndBadQuery_Refused()
    {
        var url = "/api/safety/search?q=" + Uri.EscapeDataString("山田太郎");

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("shelter", shelter: "1").GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("district", district: "shiba").GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("field", district: "shiba").GetAsync(url, Ct)).StatusCode);
        var searcher = Searcher();
        Assert.Equal(HttpStatusCode.BadRequest, (await searcher.GetAsync("/api/safety/search", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await searcher.GetAsync("/api/safety/search?q=%20", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await searcher.GetAsync("/api/safety/search?q=" + new string('あ', 101), Ct)).StatusCode);
    }

    [Fact]
    public async Task Search_OverTheLimit_429PerUserUntilTheMinutePasses()
    {
        var searcher = Searcher();
        var other = Searcher();
        var url = "/api/safety/search?q=" + Uri.EscapeDataString("上限テスト");
        for (var i = 0; i < PerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await searcher.GetAsync(url, Ct)).StatusCode);
        }

        var over = await searcher.GetAsync(url, Ct);
        var otherUser = await other.GetAsync(url, Ct);
        host.Time.Advance(TimeSpan.FromSeconds(61));
        var later = await searcher.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.NotNull(over.Headers.RetryAfter);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }
}
