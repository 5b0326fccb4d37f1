using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Minato.MapClient;

namespace Minato.Disaster.Tests.StayFacilities;

/// <summary>
/// Temporary-stay facilities end to end on the real host and the shipped data: the import, the public nearest list from a
/// station, who may report a facility's status (and the audit row of each report), HQ's totals, and the live push of a
/// status change to an anonymous public client. Each test changes facilities of its own (by 番号 of the Tokyo list).
/// </summary>
public sealed class StayFacilitiesApiTests(StayFacilitiesHost host) : IClassFixture<StayFacilitiesHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShippedFile_ImportsTheElevenRealFacilities_WithTheirNames()
    {
        var overview = await GetJsonAsync(host.HttpClient("hq"), "/api/stay-facilities");
        Assert.Equal(11, (int)overview["totals"]!["facilities"]!);
        var id = await host.IdOfAsync(21);
        var row = overview["facilities"]!.AsArray().Single(f => (string?)f!["id"] == id)!;
        Assert.Equal("産業貿易センター浜松町館", (string?)row["name"]);
        Assert.Equal(139.760864, (double)row["location"]!["coordinates"]![0]!, 6);
    }

    [Fact]
    public async Task Nearest_FromAStation_ListsOnlyAcceptingFacilities_NearestFirst_StraightLineSaidSo()
    {
        var (near, suspended, farther) = (await host.IdOfAsync(21), await host.IdOfAsync(19), await host.IdOfAsync(11));
        await PutAsync(host.HttpClient("hq"), near, Status("accepting", 40, 200));
        await PutAsync(host.HttpClient("hq"), suspended, Status("suspended", 0, 100));
        await PutAsync(host.HttpClient("hq"), farther, Status("accepting", 10, 100));

        var answer = await GetJsonAsync(host.AnonymousClient(), "/api/stay-facilities/nearest?station=hamamatsucho");
        Assert.Equal("straight_line", (string?)answer["distance_kind"]);
        Assert.Equal("浜松町", (string?)answer["station"]!["nameJa"]);
        var list = answer["facilities"]!.AsArray().Select(n => n!).ToList();
        Assert.All(list, n => Assert.Equal("accepting", (string?)n["facility"]!["status"]));
        // No road network in this host: every distance is the straight line, said so, with no walking time.
        Assert.All(list, n => Assert.Equal("straight_line", (string?)n["distanceKind"]));
        Assert.All(list, n => Assert.Null(n["walkMinutes"]));
        var ids = list.Select(n => (string?)n["facility"]!["id"]).ToList();
        Assert.DoesNotContain(suspended, ids);
        Assert.True(ids.IndexOf(near) >= 0 && ids.IndexOf(near) < ids.IndexOf(farther), string.Join(",", ids));
        var metres = list.Select(n => (double)n["distanceM"]!).ToList();
        Assert.Equal(metres.Order().ToList(), metres);
        // 浜松町 (139.7572, 35.6555) → 産業貿易センター浜松町館 (139.760864, 35.655045): an equirectangular estimate, ±2 %.
        var expected = Math.Sqrt(Math.Pow((139.760864 - 139.7572) * Math.Cos(35.6553 * Math.PI / 180), 2)
            + Math.Pow(35.655045 - 35.6555, 2)) * Math.PI / 180 * 6_371_008.8;
        Assert.InRange(metres[ids.IndexOf(near)], expected * 0.98, expected * 1.02);
        var first = list[ids.IndexOf(near)]["facility"]!.AsObject();
        Assert.Equal("vacant", (string?)first["crowding"]);
        Assert.DoesNotContain("updatedBy", first.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nearest_FromAStation_KeptAnswerFollowsEveryStatusChange_EvenWithinOneClockTick()
    {
        // The station's answer is kept between requests (StationAnswers); each write must still show at once — the host's
        // clock does not move between these writes, so only the rows' own versions tell them apart.
        var near = await host.IdOfAsync(21);
        const string Url = "/api/stay-facilities/nearest?station=hamamatsucho&limit=20";
        List<(string? Id, int Accepted)> Listed(JsonObject answer) => answer["facilities"]!.AsArray()
            .Select(n => ((string?)n!["facility"]!["id"], (int)n["facility"]!["accepted"]!)).ToList();

        await PutAsync(host.HttpClient("hq"), near, Status("accepting", 40, 200));
        var open = Listed(await GetJsonAsync(host.AnonymousClient(), Url));
        var again = Listed(await GetJsonAsync(host.AnonymousClient(), Url));
        await PutAsync(host.HttpClient("hq"), near, Status("full", 200, 200));
        var full = Listed(await GetJsonAsync(host.AnonymousClient(), Url));
        await PutAsync(host.HttpClient("hq"), near, Status("accepting", 10, 200));
        var reopened = Listed(await GetJsonAsync(host.AnonymousClient(), Url));

        Assert.Contains((near, 40), open);
        Assert.Equal(open, again);
        Assert.DoesNotContain(full, f => f.Id == near);
        Assert.Contains((near, 10), reopened);
    }

    [Fact]
    public async Task Nearest_BadInput_IsAProblem_NotAServerError()
    {
        var anonymous = host.AnonymousClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/stay-facilities/nearest?station=nowhere", Ct)).StatusCode);
        var missing = await anonymous.GetAsync("/api/stay-facilities/nearest?lon=139.75", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await anonymous.GetAsync("/api/stay-facilities/nearest?lon=139.75&lat=35.65&limit=0", Ct)).StatusCode);
        var point = await GetJsonAsync(anonymous, "/api/stay-facilities/nearest?lon=139.75&lat=35.65");
        Assert.Null(point["station"]);
    }

    [Fact]
    public async Task Status_OnlyTheFacilitysOwnStaffOrHq_EveryReportAudited()
    {
        var (own, other) = (await host.IdOfAsync(14), await host.IdOfAsync(15));
        var body = Status("accepting", 25, 300);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await host.AnonymousClient().PutAsJsonAsync($"/api/stay-facilities/{own}/status", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.HttpClient("shelter", shelter: own).PutAsJsonAsync($"/api/stay-facilities/{own}/status", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.FacilityClient(other).PutAsJsonAsync($"/api/stay-facilities/{own}/status", body, Ct)).StatusCode);
        // Who first, then what: another facility's staff is refused before the body is read.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await host.FacilityClient(other).PutAsJsonAsync($"/api/stay-facilities/{own}/status", new { status = "open" }, Ct))
            .StatusCode);
        var invalid = await host.FacilityClient(own).PutAsJsonAsync($"/api/stay-facilities/{own}/status", new { status = "open" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("status") && errors.ContainsKey("accepted"), errors.ToJsonString());
        Assert.Equal(0, await host.AuditCountAsync("stay-facility.update", own, "staff-" + own));

        var put = await PutAsync(host.FacilityClient(own), own, body);
        Assert.Equal("accepting", (string?)put["status"]);
        Assert.Equal(25, (int)put["accepted"]!);
        Assert.True((bool)put["supplies"]!["water"]!);
        Assert.False((bool)put["supplies"]!["wifi"]!);
        Assert.Equal("staff-" + own, (string?)put["updatedBy"]);
        Assert.Equal(1, await host.AuditCountAsync("stay-facility.update", own, "staff-" + own));
        await PutAsync(host.HttpClient("hq"), own, Status("full", 300, null));
        Assert.Equal(1, await host.AuditCountAsync("stay-facility.update", own, "live-hq"));
        Assert.Equal(HttpStatusCode.NotFound,
            (await host.HttpClient("hq").PutAsJsonAsync("/api/stay-facilities/999999/status", body, Ct)).StatusCode);
    }

    [Fact]
    public async Task HqList_TotalsAndNearFullFirst_HqOnly()
    {
        var (full, busy, quiet) = (await host.IdOfAsync(13), await host.IdOfAsync(18), await host.IdOfAsync(20));
        await PutAsync(host.HttpClient("hq"), full, Status("full", 100, 100));
        await PutAsync(host.HttpClient("hq"), busy, Status("accepting", 90, 100));
        await PutAsync(host.HttpClient("hq"), quiet, Status("accepting", 5, 100));
        var overview = await GetJsonAsync(host.HttpClient("hq"), "/api/stay-facilities");
        var rows = overview["facilities"]!.AsArray().Select(f => f!).ToList();
        var ids = rows.Select(f => (string?)f["id"]).ToList();
        Assert.True(ids.IndexOf(full) < ids.IndexOf(busy) && ids.IndexOf(busy) < ids.IndexOf(quiet), string.Join(",", ids));
        Assert.Equal(rows.Sum(f => (int)f["accepted"]!), (int)overview["totals"]!["accepted"]!);
        Assert.Equal(rows.Count(f => (string?)f["status"] == "not_opened"), (int)overview["totals"]!["notOpened"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.FacilityClient(full).GetAsync("/api/stay-facilities", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.AnonymousClient().GetAsync("/api/stay-facilities", Ct)).StatusCode);
    }

    [Fact]
    public async Task StatusChange_ReachesAnAnonymousPublicClientLive_WithoutWhoChangedIt()
    {
        var id = await host.IdOfAsync(16);
        await using var anonymous = await host.ConnectAsync(null);
        await using var hq = await host.ConnectAsync(host.Token("hq"));
        foreach (var (client, scope) in new[] { (anonymous, "public"), (hq, "hq") })
        {
            var result = await client.SubscribeAsync(scope, Ct);
            Assert.True(result.Accepted, scope + ": " + result.Error);
            await client.WaitForSnapshotAsync(scope, Timeout, Ct);
        }

        await PutAsync(host.FacilityClient(id), id, Status("accepting", 70, 100));
        var seen = await WaitForAsync(anonymous, "public", id, d => (int?)d["accepted"] == 70);
        Assert.Equal("accepting", (string?)seen["status"]);
        Assert.Equal("somewhat-crowded", (string?)seen["crowding"]);
        Assert.DoesNotContain("updatedBy", seen.ToJsonString(), StringComparison.Ordinal);
        var staff = await WaitForAsync(hq, "hq", id, d => (int?)d["accepted"] == 70);
        Assert.Equal("staff-" + id, (string?)staff["updatedBy"]);

        await PutAsync(host.FacilityClient(id), id, Status("full", 100, 100));
        await WaitForAsync(anonymous, "public", id, d => (string?)d["status"] == "full");
    }

    private static object Status(string status, int accepted, int? capacity) => new
    {
        status,
        accepted,
        capacity,
        supplies = new { water = true, food = true, blankets = false, toilets = true, power = true, wifi = false },
    };

    private static async Task<JsonObject> PutAsync(HttpClient client, string id, object body)
    {
        var response = await client.PutAsJsonAsync($"/api/stay-facilities/{id}/status", body, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static async Task<JsonObject> WaitForAsync(SituationClient client, string scope, string id, Func<JsonObject, bool> condition)
    {
        JsonObject? found = null;
        await Minato.Testing.Wait.UntilAsync(() =>
        {
            var text = client.Model(scope).Find("stay-facility", id);
            found = text is null ? null : JsonNode.Parse(text)!.AsObject();
            return found is not null && condition(found);
        }, Timeout, $"stay facility {id} in scope {scope}");
        return found!;
    }
}
