using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.MapClient;

namespace Minato.Disaster.Tests.StayFacilities;

/// <summary>
/// HQ opens and closes temporary-stay facilities through tasks, on the real host and the shipped facilities: HQ creates
/// "open facility X" → the facility's own staff (role facility, its claim) see it in their queue, other staff do not and
/// cannot complete it → completing it makes the facility 受入可, live to the public scope together with the task to HQ and
/// to the facility's own live scope (<c>facility:{id}</c>, its staff only);
/// closing makes it 未開設. Who may ask (HQ only), 401 without a token, bad bodies as problems, the audit rows.
/// </summary>
public sealed class StayFacilityTaskTests(StayFacilitiesHost host) : IClassFixture<StayFacilitiesHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HqOpens_StaffSeeTheTask_CompleteIt_TheFacilityAcceptsLive()
    {
        var (id, other) = (await host.IdOfAsync(17), await host.IdOfAsync(18));
        await using var anonymous = await host.ConnectAsync(null);
        await using var hqLive = await host.ConnectAsync(host.Token("hq"));
        await using var staffLive = await host.ConnectAsync(host.FacilityToken(id));
        await using var foreignLive = await host.ConnectAsync(host.FacilityToken(other));
        Assert.False((await foreignLive.SubscribeAsync("facility:" + id, Ct)).Accepted);
        foreach (var (client, scope) in new[] { (anonymous, "public"), (hqLive, "hq"), (staffLive, "facility:" + id) })
        {
            var result = await client.SubscribeAsync(scope, Ct);
            Assert.True(result.Accepted, scope + ": " + result.Error);
            await client.WaitForSnapshotAsync(scope, Timeout, Ct);
        }

        var created = await PostAsync(host.HttpClient("hq"), id, new { action = "open", note = "正面玄関を開放", priority = "high" });
        var taskId = (long)created["id"]!;
        Assert.Equal("instruction", (string?)created["type"]);
        Assert.Equal("facility", (string?)created["to"]!["kind"]);
        Assert.Equal(id, (string?)created["to"]!["id"]);
        Assert.Contains("三田高等学校", (string?)created["title"], StringComparison.Ordinal);
        await WaitForAsync(hqLive, "hq", "task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d => (string?)d["status"] == "open");
        await WaitForAsync(staffLive, "facility:" + id, "task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d => (string?)d["status"] == "open");

        // The facility's staff see it; another facility's staff neither see it nor may complete it.
        var staff = host.FacilityClient(id);
        var queue = (await staff.GetFromJsonAsync<JsonArray>("/api/tasks?active=true", Ct))!;
        Assert.Contains(queue, t => (long)t!["id"]! == taskId);
        var foreign = host.FacilityClient(other);
        Assert.DoesNotContain((await foreign.GetFromJsonAsync<JsonArray>("/api/tasks", Ct))!, t => (long)t!["id"]! == taskId);
        Assert.Equal(HttpStatusCode.Forbidden, (await foreign.PostAsJsonAsync($"/api/tasks/{taskId}/status", new { status = "done" }, Ct))
            .StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await host.AnonymousClient().PostAsJsonAsync($"/api/tasks/{taskId}/status", new { status = "done" }, Ct)).StatusCode);
        Assert.Equal("not_opened", (string?)(await FacilityAsync(id))["status"]);

        var done = await staff.PostAsJsonAsync($"/api/tasks/{taskId}/status", new { status = "done" }, Ct);
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync(Ct));
        var seen = await WaitForAsync(anonymous, "public", "stay-facility", id, d => (string?)d["status"] == "accepting");
        Assert.DoesNotContain("updatedBy", seen.ToJsonString(), StringComparison.Ordinal);
        await WaitForAsync(hqLive, "hq", "task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d => (string?)d["status"] == "done");
        await WaitForAsync(staffLive, "facility:" + id, "stay-facility", id, d => (string?)d["status"] == "accepting");
        Assert.Null(staffLive.Model("facility:" + id).Find("stay-facility", other)); // its own facility only
        Assert.Equal("staff-" + id, (string?)(await FacilityAsync(id))["updatedBy"]);
        Assert.Equal(1, await host.AuditCountAsync("stay-facility.task", id, "staff-" + id));
        Assert.Equal(1, await host.AuditCountAsync("task.create", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "live-hq"));

        // Done is final: the effect is applied once.
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/api/tasks/{taskId}/status", new { status = "done" }, Ct))
            .StatusCode);
        Assert.Equal(1, await host.AuditCountAsync("stay-facility.task", id, "staff-" + id));
    }

    [Fact]
    public async Task HqCloses_StaffCompleteIt_TheFacilityIsNotOpenedAgain_WithNobodyAccepted()
    {
        var id = await host.IdOfAsync(20);
        var put = await host.HttpClient("hq").PutAsJsonAsync($"/api/stay-facilities/{id}/status",
            new { status = "accepting", accepted = 40, capacity = 100 }, Ct);
        Assert.True(put.IsSuccessStatusCode);
        var taskId = (long)(await PostAsync(host.HttpClient("hq"), id, new { action = "close" }))["id"]!;
        Assert.Equal("accepting", (string?)(await FacilityAsync(id))["status"]);
        var staff = host.FacilityClient(id);
        Assert.True((await staff.PostAsync($"/api/tasks/{taskId}/ack", null, Ct)).IsSuccessStatusCode);
        Assert.Equal("accepting", (string?)(await FacilityAsync(id))["status"]); // acknowledging is not completing
        Assert.True((await staff.PostAsJsonAsync($"/api/tasks/{taskId}/status", new { status = "done" }, Ct)).IsSuccessStatusCode);
        var after = await FacilityAsync(id);
        Assert.Equal("not_opened", (string?)after["status"]);
        Assert.Equal(0, (int)after["accepted"]!);
    }

    [Fact]
    public async Task OnlyHqAsks_BadBodiesAreProblems_UnknownFacilityIs404()
    {
        var id = await host.IdOfAsync(13);
        var body = new { action = "open" };
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await host.AnonymousClient().PostAsJsonAsync($"/api/stay-facilities/{id}/tasks", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.FacilityClient(id).PostAsJsonAsync($"/api/stay-facilities/{id}/tasks", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.HttpClient("district", district: "shiba").PostAsJsonAsync($"/api/stay-facilities/{id}/tasks", body, Ct))
            .StatusCode);
        var bad = await host.HttpClient("hq").PostAsJsonAsync($"/api/stay-facilities/{id}/tasks",
            new { action = "demolish", dueAt = "2000-01-01T00:00:00Z" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("action") && errors.ContainsKey("dueAt"), errors.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound,
            (await host.HttpClient("hq").PostAsJsonAsync("/api/stay-facilities/999999/tasks", body, Ct)).StatusCode);
        // A facility's staff cannot create tasks through /api/tasks either.
        var own = await host.FacilityClient(id).PostAsJsonAsync("/api/tasks",
            new { type = "request", title = "x", to = new { kind = "hq" } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string id, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/stay-facilities/{id}/tasks", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private async Task<JsonObject> FacilityAsync(string id)
    {
        var all = (await host.HttpClient("hq").GetFromJsonAsync<JsonObject>("/api/stay-facilities", Ct))!;
        return all["facilities"]!.AsArray().Single(f => (string?)f!["id"] == id)!.AsObject();
    }

    private static async Task<JsonObject> WaitForAsync(SituationClient client, string scope, string kind, string id,
        Func<JsonObject, bool> condition)
    {
        JsonObject? found = null;
        await Minato.Testing.Wait.UntilAsync(() =>
        {
            var text = client.Model(scope).Find(kind, id);
            found = text is null ? null : JsonNode.Parse(text)!.AsObject();
            return found is not null && condition(found);
        }, Timeout, $"{kind} {id} in scope {scope}");
        return found!;
    }
}
