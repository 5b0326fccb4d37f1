using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.CallUp;
using Minato.Disaster.Situation;

namespace Minato.Disaster.Tests.CallUp;

/// <summary>
/// The 配備体制 rules as data: a JMA code proposes what its rule says and waits for hq (once, however often the message
/// repeats), an earthquake calls up at once by the highest threshold reached, and editing a rule makes a new version,
/// audited.
/// </summary>
public sealed class CallUpRuleTests(CallUpHost host) : IClassFixture<CallUpHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeAsync_HeavyRainWarning_ProposalWaitsForHqThenMailsGroupA()
    {
        var hq = host.CreateClient("hq");
        await host.AddStaffAsync(hq, "芝 一班", "a-team@rules.example", "shiba", "A");
        await host.AddStaffAsync(hq, "芝 二班", "b-team@rules.example", "shiba", "B");
        var service = host.Services.GetRequiredService<CallUpService>();

        // The call the JMA module makes for 大雨警報 (kind code 03) in force for Minato; the seeded rule says 第1非常配備 of A.
        var proposed = await service.ProposeAsync(CallUpTrigger.ForJma("03", "大雨警報", "urn:test:1"), cancellationToken: Ct);
        var again = await service.ProposeAsync(CallUpTrigger.ForJma("03", "大雨警報", "urn:test:2"), cancellationToken: Ct);
        var nothing = await service.ProposeAsync(CallUpTrigger.ForJma("99"), cancellationToken: Ct);

        var callUp = Assert.Single(proposed.Value!);
        Assert.Equal(CallUpStates.Proposed, callUp.State);
        Assert.Equal(CallUpLevels.First, callUp.Level);
        Assert.Equal(["A"], callUp.Groups);
        Assert.Contains("大雨警報", callUp.Reason, StringComparison.Ordinal);
        Assert.Equal(callUp.Id, Assert.Single(again.Value!).Id); // a repeated message proposes nothing new
        Assert.Empty(nothing.Value!);
        Assert.Equal("proposed", (string)host.Live(SituationScope.Hq, CallUpChanges.Kind, Key(callUp.Id))!["state"]!);
        Assert.Empty(host.MailsTo("a-team@rules.example")); // nobody is called before hq confirms

        using var confirm = await hq.PostAsync($"/api/callups/{callUp.Id}/confirm", null, Ct);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("第1非常配備", (await host.WaitMailsAsync("a-team@rules.example", 1))[0].Subject, StringComparison.Ordinal);
        Assert.Equal("active", (string)host.Live(SituationScope.Hq, CallUpChanges.Kind, Key(callUp.Id))!["state"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await hq.PostAsync($"/api/callups/{callUp.Id}/confirm", null, Ct)).StatusCode);
        Assert.Empty(host.MailsTo("b-team@rules.example"));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'callup.propose' AND entity_id = '{callUp.Id}' AND actor = 'system'", Ct));
    }

    [Fact]
    public async Task Propose_Shindo6Lower_ImmediateThirdLevelOnly_ByHand()
    {
        var hq = host.CreateClient("hq");
        await host.AddStaffAsync(hq, "港南 全員", "all@quake.example", "shibaura-konan", "Z");

        using var r = await hq.PostAsJsonAsync("/api/callups/propose", new { kind = "intensity", intensity = "6弱" }, Ct);

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var callUp = Assert.Single((await r.Content.ReadFromJsonAsync<JsonArray>(Ct))!)!;
        Assert.Equal("third", (string)callUp["level"]!); // the 6弱 rule, not the 5弱 one as well
        Assert.Equal("active", (string)callUp["state"]!); // earthquakes call up at once (the rule says so)
        Assert.Contains("第3非常配備", (await host.WaitMailsAsync("all@quake.example", 1))[0].Subject, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await hq.PostAsJsonAsync("/api/callups/propose",
            new { kind = "intensity", intensity = "8" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("district", "shiba").PostAsJsonAsync("/api/callups/propose",
            new { kind = "intensity", intensity = "7" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task UpdateRule_NewVersionKeptAndAudited()
    {
        var hq = host.CreateClient("hq", subject: "rule-editor");
        using var created = await hq.PostAsJsonAsync("/api/callup-rules", new
        {
            name = "洪水警報 → 情報連絡態勢", triggerKind = "jma", triggerCode = "04", level = "info", groups = new[] { "D" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        using var updated = await hq.PutAsJsonAsync($"/api/callup-rules/{id}", new
        {
            name = "洪水警報 → 第1非常配備", triggerKind = "jma", triggerCode = "04", level = "first", groups = new[] { "D", "E" },
        }, Ct);
        var versions = (await hq.GetFromJsonAsync<JsonArray>($"/api/callup-rules/{id}/versions", Ct))!;

        Assert.Equal(2, (int)(await updated.Content.ReadFromJsonAsync<JsonObject>(Ct))!["version"]!);
        Assert.Equal(["info", "first"], versions.Select(v => (string)v!["rule"]!["level"]!));
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'callup-rule.update' AND entity_id = '{id}' AND actor = 'rule-editor' " +
            "AND (details->>'version')::int = 2", Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await hq.PostAsJsonAsync("/api/callup-rules",
            new { name = "x", triggerKind = "intensity", triggerCode = "03", level = "first" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("district", "shiba").GetAsync("/api/callup-rules", Ct)).StatusCode);
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
