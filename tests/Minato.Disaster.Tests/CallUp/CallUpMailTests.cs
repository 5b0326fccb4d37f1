using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.Disaster.CallUp;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.CallUp;

/// <summary>
/// A call-up end to end through a real SMTP server: the mails reach exactly the called groups, the link parsed from a
/// mail answers for its person (and may change the answer), the HQ and district boards change live (names on hq only),
/// a forged, expired or ended link is refused, and the reminder reaches only those who have not answered.
/// </summary>
public sealed class CallUpMailTests(CallUpHost host) : IClassFixture<CallUpHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallUp_AnswerByMailLink_BoardChangesLiveReminderOnlyToNonResponders()
    {
        var hq = host.CreateClient("hq");
        var shiba = await host.AddStaffAsync(hq, "芝 太郎", "taro@e2e.example", "shiba", "A1");
        var azabu = await host.AddStaffAsync(hq, "麻布 次郎", "jiro@e2e.example", "azabu", "A1", "B1");
        await host.AddStaffAsync(hq, "本部 三郎", "saburo@e2e.example", "hq", "B1"); // not in A1: not called

        using var start = await hq.PostAsJsonAsync("/api/callups", new { level = "first", groups = new[] { "A1" }, reason = "訓練" }, Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var id = (long)(await start.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var key = id.ToString(CultureInfo.InvariantCulture);

        var taro = (await host.WaitMailsAsync("taro@e2e.example", 1))[0];
        var jiro = (await host.WaitMailsAsync("jiro@e2e.example", 1))[0];
        Assert.Contains("第1非常配備", taro.Subject, StringComparison.Ordinal);
        Assert.Empty(host.MailsTo("saburo@e2e.example"));
        var link = CallUpHost.LinkPath(taro);
        Assert.NotEqual(link, CallUpHost.LinkPath(jiro));
        // The link's token is stored as its SHA-256 only (the table has no other column that could hold it).
        var hash = Convert.ToHexString(AnswerToken.Hash(link.Split('/')[^1]));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.callup_links WHERE token_hash = decode('{hash}', 'hex')", Ct));

        var board = host.Live(SituationScope.Hq, CallUpChanges.Kind, key)!;
        Assert.Equal(2, (int)board["board"]!["total"]!["notAnswered"]!);
        Assert.Equal(2, board["board"]!["notAnswered"]!.AsArray().Count);

        var anon = host.CreateClient();
        var page = await anon.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("参集可能", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Opening the page is not answering.
        Assert.Equal(2, (int)host.Live(SituationScope.Hq, CallUpChanges.Kind, key)!["board"]!["total"]!["notAnswered"]!);

        var answered = await anon.PostAsync(link, Form("available", "30"), Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("回答を受け付けました", await answered.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        board = host.Live(SituationScope.Hq, CallUpChanges.Kind, key)!;
        Assert.Equal(1, (int)board["board"]!["total"]!["available"]!);
        Assert.Equal(1, (int)board["board"]!["total"]!["within30"]!);
        Assert.Equal(["麻布 次郎"], board["board"]!["notAnswered"]!.AsArray().Select(n => (string)n!["name"]!));
        var shibaBoard = host.Live(SituationScope.ForDistrict("shiba"), CallUpChanges.DistrictKind, $"{key}/shiba")!;
        Assert.Equal(1, (int)shibaBoard["counts"]!["available"]!);
        Assert.Equal(1, (int)shibaBoard["byGroup"]!.AsArray().Single(g => (string)g!["key"]! == "A1")!["available"]!);
        var azabuBoard = host.Live(SituationScope.ForDistrict("azabu"), CallUpChanges.DistrictKind, $"{key}/azabu")!;
        Assert.Equal(1, (int)azabuBoard["counts"]!["notAnswered"]!);
        // No personal data outside hq: no names in the district scopes, nothing of the call-up in public.
        foreach (var scope in new[] { SituationScope.ForDistrict("shiba"), SituationScope.ForDistrict("azabu") })
        {
            var entities = host.State.Snapshot(scope).Entities.Where(e => e.Kind.StartsWith("call-up", StringComparison.Ordinal)).ToList();
            Assert.DoesNotContain(entities, e => e.Kind == CallUpChanges.Kind);
            Assert.All(entities, e => Assert.DoesNotContain("次郎", e.Data!, StringComparison.Ordinal));
            Assert.All(entities, e => Assert.DoesNotContain("@", e.Data!, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(host.State.Snapshot(SituationScope.Public).Entities,
            e => e.Kind.StartsWith("call-up", StringComparison.Ordinal));

        // The same link changes the answer; it never answers for anyone else.
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsync(link, Form("unavailable", null), Ct)).StatusCode);
        board = host.Live(SituationScope.Hq, CallUpChanges.Kind, key)!;
        Assert.Equal(0, (int)board["board"]!["total"]!["available"]!);
        Assert.Equal(1, (int)board["board"]!["total"]!["unavailable"]!);
        Assert.Equal(1, (int)board["board"]!["total"]!["notAnswered"]!);
        Assert.Equal(2, await host.Database.ScalarAsync<int>($"SELECT answers FROM ops.callup_recipients WHERE staff_id = {shiba}", Ct));
        Assert.Equal(0, await host.Database.ScalarAsync<int>($"SELECT answers FROM ops.callup_recipients WHERE staff_id = {azabu}", Ct));

        // Bad answers and forged links.
        Assert.Equal(HttpStatusCode.BadRequest, (await anon.PostAsync(link, Form("maybe", null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anon.PostAsync(link, Form("available", "99999"), Ct)).StatusCode);
        var forged = link[..^4] + (link.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync(forged, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.PostAsync(forged, Form("available", "10"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/callup/not-a-token!", Ct)).StatusCode);
        using var asJson = new HttpRequestMessage(HttpMethod.Get, forged);
        asJson.Headers.Accept.ParseAdd("application/problem+json");
        var problem = await anon.SendAsync(asJson, Ct);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        // The reminder: after 30 fake minutes, to the one who has not answered only.
        await AdvanceUntilAsync(async () => await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.callups WHERE id = {id} AND reminded_at IS NOT NULL", Ct) == 1, "the reminder sweep");
        var reminder = (await host.WaitMailsAsync("jiro@e2e.example", 2))[1];
        Assert.Contains("再送", reminder.Subject, StringComparison.Ordinal);
        Assert.Single(host.MailsTo("taro@e2e.example"));
        host.Time.Advance(TimeSpan.FromMinutes(5)); // further sweeps remind no one again
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.callup_mails m JOIN ops.callup_recipients r ON r.id = m.recipient_id WHERE r.callup_id = {id} " +
            "AND m.kind = 'reminder'", Ct));
        // The reminder's new link answers too; the first one still does.
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsync(CallUpHost.LinkPath(reminder), Form("available", "60"), Ct)).StatusCode);
        Assert.Equal(1, (int)host.Live(SituationScope.Hq, CallUpChanges.Kind, key)!["board"]!["total"]!["within60"]!);

        // Past the link lifetime: 410.
        host.Time.Advance(TimeSpan.FromHours(CallUpHost.LinkHours));
        Assert.Equal(HttpStatusCode.Gone, (await anon.GetAsync(link, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anon.PostAsync(link, Form("available", "10"), Ct)).StatusCode);

        // Everything audited: the start by hq, the answers by the links, the reminder and the mails by the system.
        Assert.Equal(1, await Count($"action = 'callup.start' AND entity_id = '{key}' AND role = 'hq'"));
        Assert.Equal(3, await Count($"action = 'callup.answer' AND entity_id = '{key}' AND role = 'callup-link'"));
        Assert.Equal(1, await Count($"action = 'callup.remind' AND entity_id = '{key}' AND actor = 'system'"));
        Assert.True(await Count($"action = 'callup.mail' AND entity_id = '{key}' AND actor = 'system'") >= 2);
    }

    [Fact]
    public async Task EndedCallUp_LinkRefused_AndALinkNeverAnswersAnotherCallUp()
    {
        var hq = host.CreateClient("hq");
        await host.AddStaffAsync(hq, "高輪 四郎", "shiro@e2e.example", "takanawa", "C1");
        var first = await StartAsync(hq, "C1");
        var firstLink = CallUpHost.LinkPath((await host.WaitMailsAsync("shiro@e2e.example", 1))[0]);
        var second = await StartAsync(hq, "C1");
        var secondLink = CallUpHost.LinkPath((await host.WaitMailsAsync("shiro@e2e.example", 2))[1]);
        var anon = host.CreateClient();

        // The second call-up's link answers the second call-up only.
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsync(secondLink, Form("available", "15"), Ct)).StatusCode);
        Assert.Equal(0, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.callup_recipients WHERE callup_id = {first} AND answer IS NOT NULL", Ct));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.callup_recipients WHERE callup_id = {second} AND answer = 'available'", Ct));

        using var end = await hq.PostAsync($"/api/callups/{first}/end", null, Ct);
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anon.GetAsync(firstLink, Ct)).StatusCode);
        var refused = await anon.PostAsync(firstLink, Form("available", "15"), Ct);
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("この参集は終了しました", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await hq.PostAsync($"/api/callups/{first}/end", null, Ct)).StatusCode);
        var live = host.Live(SituationScope.Hq, CallUpChanges.Kind, first.ToString(CultureInfo.InvariantCulture))!;
        Assert.Equal("ended", (string)live["state"]!);
    }

    private async Task<long> StartAsync(HttpClient hq, string group)
    {
        using var r = await hq.PostAsJsonAsync("/api/callups", new { level = "info", groups = new[] { group } }, Ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return (long)(await r.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    private Task<long> Count(string where) => host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE {where}", Ct);

    // Advances the fake clock by one sweep interval per poll until the condition holds.
    private async Task AdvanceUntilAsync(Func<Task<bool>> condition, string what) =>
        await Wait.UntilAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            host.Time.Advance(TimeSpan.FromSeconds(30));
            return false;
        }, TimeSpan.FromSeconds(60), what);

    private static FormUrlEncodedContent Form(string answer, string? minutes) => new(
        minutes is null ? [new("answer", answer)] : new KeyValuePair<string, string>[] { new("answer", answer), new("minutes", minutes) });
}
