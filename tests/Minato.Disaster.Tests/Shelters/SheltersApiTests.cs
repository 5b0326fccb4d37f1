using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using Minato.Audit;

namespace Minato.Disaster.Tests.Shelters;

/// <summary>
/// /api/shelters and /api/public/shelters on the real host and PostGIS: open/close/report, who may edit which centre
/// (each refusal proven), validation that loses nothing, audit rows, history, and what the public sees.
/// </summary>
public sealed class SheltersApiTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    [Fact]
    public async Task List_Staff_ReturnsCentresNotEvacuationSites_ClosedByDefault()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba", capacity: 300);
        var site = await ShelterScene.AddCentreAsync(Db, "shiba", kind: "evacuation_site");

        var list = (await host.CreateClient("field", district: "shiba").GetFromJsonAsync<JsonArray>("/api/shelters", Ct))!;

        var c = list.Single(x => (string)x!["id"]! == centre)!;
        Assert.DoesNotContain(list, x => (string)x!["id"]! == site);
        Assert.Equal("shiba", (string)c["district"]!);
        Assert.False((bool)c["open"]!);
        Assert.Equal(300, (int)c["capacity"]!);
        Assert.Equal("vacant", (string)c["crowding"]!);
        Assert.Equal("Point", (string)c["geometry"]!["type"]!);
    }

    [Fact]
    public async Task Open_OwnShelterToken_OpensAuditsAndPublishesLive()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");
        var client = host.CreateClient("shelter", shelter: id, subject: "staff-a");

        var response = await client.PostAsync($"/api/shelters/{id}/open", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ShelterScene.JsonAsync(response);
        Assert.True((bool)json["open"]!);
        Assert.NotNull(json["openedAt"]);
        Assert.Equal("staff-a", (string)json["updatedBy"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "shelter.open", id));
        // The change reaches the live state through the bus (asynchronously): wait for it rather than read it once.
        var state = host.Services.GetRequiredService<SituationState>();
        await Wait.UntilAsync(() => state.Snapshot(SituationScope.ForShelter(id)).Entities.Any(e =>
                e.Kind == SituationKinds.Shelter && e.Id == id && e.Data!.Contains("\"open\":true", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the opened shelter in its live scope");
    }

    [Fact]
    public async Task Open_Twice_SecondChangesNothing()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");
        var client = host.CreateClient("hq");

        var first = await ShelterScene.JsonAsync(await client.PostAsync($"/api/shelters/{id}/open", null, Ct));
        var second = await client.PostAsync($"/api/shelters/{id}/open", null, Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((string)first["openedAt"]!, (string)(await ShelterScene.JsonAsync(second))["openedAt"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "shelter.open", id));
    }

    [Fact]
    public async Task PutStatus_OwnShelter_StoresCountsCrowdingHistoryAndAudit()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba", capacity: 100);
        var client = host.CreateClient("shelter", shelter: id, subject: "staff-b");
        await client.PostAsync($"/api/shelters/{id}/open", null, Ct);

        var response = await client.PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(80, households: 30), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ShelterScene.JsonAsync(response);
        Assert.Equal(80, (int)json["headcount"]!);
        Assert.Equal(30, (int)json["households"]!);
        Assert.Equal("crowded", (string)json["crowding"]!);
        Assert.Equal("混雑", (string)json["crowdingLabel"]!["ja"]!);
        Assert.Equal(3, (int)json["needs"]!["pets"]!);
        Assert.Equal("L", (string)json["supplies"]![0]!["unit"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "shelter.update", id));
        var history = (await client.GetFromJsonAsync<JsonArray>($"/api/shelters/{id}/history", Ct))!;
        Assert.Equal(["update", "open"], history.Select(h => (string)h!["action"]!));
        Assert.Equal(80, (int)history[0]!["headcount"]!);
        Assert.True((await AuditVerifier.VerifyAsync(Db.DataSource, Ct)).Intact);
    }

    [Fact]
    public async Task PutStatus_AnotherShelterToken_Forbidden()
    {
        var mine = await ShelterScene.AddCentreAsync(Db, "shiba");
        var other = await ShelterScene.AddCentreAsync(Db, "shiba");
        await host.CreateClient("hq").PostAsync($"/api/shelters/{other}/open", null, Ct);
        var client = host.CreateClient("shelter", shelter: mine);

        var put = await client.PutAsJsonAsync($"/api/shelters/{other}/status", ShelterScene.Status(10), Ct);
        var close = await client.PostAsync($"/api/shelters/{other}/close", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Contains($"may not edit centre {other}", (string)(await ShelterScene.JsonAsync(put))["detail"]!, StringComparison.Ordinal);
        Assert.Equal(0, await ShelterScene.AuditCountAsync(Db, "shelter.update", other));
        Assert.True((bool)(await host.CreateClient("hq").GetFromJsonAsync<JsonObject>($"/api/shelters/{other}", Ct))!["open"]!);
    }

    [Fact]
    public async Task PutStatus_DistrictStaff_OwnDistrictAllowedOtherRefused()
    {
        var shiba = await ShelterScene.AddCentreAsync(Db, "shiba");
        var azabu = await ShelterScene.AddCentreAsync(Db, "azabu");
        var client = host.CreateClient("district", district: "shiba");

        var own = await client.PostAsync($"/api/shelters/{shiba}/open", null, Ct);
        var foreign = await client.PostAsync($"/api/shelters/{azabu}/open", null, Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task Write_AnonymousOrFieldOrPublic_Refused()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");

        var anonymous = await host.CreateClient().PostAsync($"/api/shelters/{id}/open", null, Ct);
        var field = await host.CreateClient("field", district: "shiba").PostAsync($"/api/shelters/{id}/open", null, Ct);
        var publicRole = await host.CreateClient("public").GetAsync("/api/shelters", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, field.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publicRole.StatusCode);
    }

    [Fact]
    public async Task PutStatus_InvalidCounts_400WithSpecificMessagesAndNothingChanged()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");
        var client = host.CreateClient("shelter", shelter: id);
        await client.PostAsync($"/api/shelters/{id}/open", null, Ct);
        await client.PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(40, 10), Ct);

        var response = await client.PutAsJsonAsync($"/api/shelters/{id}/status", new
        {
            headcount = -3,
            households = 1,
            needs = new { wheelchair = 0 },
            supplies = new[] { new { item = "water", quantity = 10, unit = "barrels" } },
        }, Ct);
        var huge = await client.PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(1_000_000), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ShelterScene.JsonAsync(response))["errors"]!;
        Assert.Contains("cannot be negative", (string)errors["headcount"]![0]!, StringComparison.Ordinal);
        Assert.Contains("unknown unit 'barrels'", (string)errors["supplies[0].unit"]![0]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var after = (await client.GetFromJsonAsync<JsonObject>($"/api/shelters/{id}", Ct))!;
        Assert.Equal(40, (int)after["headcount"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "shelter.update", id));
    }

    [Fact]
    public async Task PutStatus_ClosedCentre_Conflict()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");

        var response = await host.CreateClient("hq").PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(5), Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is closed", (string)(await ShelterScene.JsonAsync(response))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownOrNotACentre_NotFound()
    {
        var site = await ShelterScene.AddCentreAsync(Db, "shiba", kind: "evacuation_site");
        var client = host.CreateClient("hq");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/shelters/999999999", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/shelters/{site}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/shelters/{site}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/shelters/abc", Ct)).StatusCode);
    }

    [Fact]
    public async Task Public_OpenCentresOnly_CrowdingWithoutNeedsSuppliesOrStaff()
    {
        var open = await ShelterScene.AddCentreAsync(Db, "shiba", capacity: 10);
        var closed = await ShelterScene.AddCentreAsync(Db, "azabu");
        var hq = host.CreateClient("hq", subject: "hq-officer-tanaka");
        await hq.PostAsync($"/api/shelters/{open}/open", null, Ct);
        await hq.PutAsJsonAsync($"/api/shelters/{open}/status", ShelterScene.Status(10, 4), Ct);
        await hq.PostAsync($"/api/shelters/{closed}/open", null, Ct);
        await hq.PostAsync($"/api/shelters/{closed}/close", null, Ct);

        var response = await host.CreateClient().GetAsync("/api/public/shelters", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("{\"type\":\"FeatureCollection\"", text, StringComparison.Ordinal);
        var features = JsonNode.Parse(text)!["features"]!.AsArray();
        var f = Assert.Single(features, x => (string)x!["id"]! == open)!;
        Assert.DoesNotContain(features, x => (string)x!["id"]! == closed);
        Assert.Equal("full", (string)f["properties"]!["crowding"]!);
        Assert.StartsWith("{\"type\":\"Feature\"", f.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("満員", (string)f["properties"]!["crowdingLabel"]!["ja"]!);
        Assert.Equal(["id", "name", "crowding", "crowdingLabel", "updatedAt"], f["properties"]!.AsObject().Select(p => p.Key));
        foreach (var secret in new[] { "needs", "supplies", "updatedBy", "hq-officer-tanaka", "headcount", "households", "water" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EditingCentres_NeverPublishesAResidentAlert()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba");
        var hq = host.CreateClient("hq");
        await hq.PostAsync($"/api/shelters/{id}/open", null, Ct);
        await hq.PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(3), Ct);
        await hq.PostAsync($"/api/shelters/{id}/close", null, Ct);

        var snapshot = host.Services.GetRequiredService<SituationState>().Snapshot(SituationScope.Hq);

        Assert.DoesNotContain(snapshot.Entities, e => e.Kind == SituationKinds.PublicAlert);
        Assert.Equal(0, await Db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action LIKE 'alert.%' OR action LIKE " +
            "'public-alert.%'"));
    }

    [Fact]
    public async Task OpenApi_ListsCentreAndTaskEndpointsWithNames()
    {
        var doc = await host.CreateClient().GetStringAsync("/openapi.json", Ct);

        foreach (var expected in new[]
        {
            "/api/shelters/{id}/status", "/api/public/shelters", "/api/tasks/{id}/forward", "/api/tasks/{id}/ack",
            "PutShelterStatus", "ListPublicShelters", "CreateTask", "ForwardTask", "Shelters", "Tasking",
        })
        {
            Assert.Contains(expected, doc, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Public_CrossOriginGet_AllowedForAnyOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/shelters");
        request.Headers.Add("Origin", "https://app.example.org");

        var response = await host.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task PutStatus_ConcurrentReports_EachStoredInTurnNothingLost()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba", capacity: 1000);
        var client = host.CreateClient("shelter", shelter: id);
        await client.PostAsync($"/api/shelters/{id}/open", null, Ct);

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            client.PutAsJsonAsync($"/api/shelters/{id}/status", ShelterScene.Status(i * 10, households: i), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var history = (await client.GetFromJsonAsync<JsonArray>($"/api/shelters/{id}/history", Ct))!;
        Assert.Equal(13, history.Count); // 12 updates + the opening
        var latest = (await client.GetFromJsonAsync<JsonObject>($"/api/shelters/{id}", Ct))!;
        Assert.Equal((int)history[0]!["headcount"]!, (int)latest["headcount"]!); // the last writer's counts are the current ones
        Assert.Equal(12, await ShelterScene.AuditCountAsync(Db, "shelter.update", id));
        Assert.True((await AuditVerifier.VerifyAsync(Db.DataSource, Ct)).Intact);
    }

    [Fact]
    public async Task MasterDataRename_RepublishesTheCentreLive()
    {
        var id = await ShelterScene.AddCentreAsync(Db, "shiba", name: "旧名称小学校");
        await host.CreateClient("hq").PostAsync($"/api/shelters/{id}/open", null, Ct);
        var state = host.Services.GetRequiredService<SituationState>();

        await Db.ExecuteAsync($"UPDATE gis.facilities SET name = '新名称学園' WHERE id = {id}", Ct);

        string? Name(SituationScope scope, Func<JsonNode, JsonNode?> name) =>
            state.Snapshot(scope).Entities.FirstOrDefault(e => e.Id == id && e.Kind == SituationKinds.Shelter)?.Data is { } data
                ? (string?)name(JsonNode.Parse(data)!) : null;
        await Wait.UntilAsync(() => Name(SituationScope.Public, d => d["properties"]!["name"]) == "新名称学園",
            TimeSpan.FromSeconds(20), "the rename to reach the public scope");

        Assert.Equal("新名称学園", Name(SituationScope.ForShelter(id), d => d["name"]));
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "shelter.open", id)); // a refresh is not a write
    }
}
