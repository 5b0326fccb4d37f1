using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Minato.Disaster.Tests.Recovery.RecoveryKit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>/api/ledger/households through the real host: HQ-only CRUD, one audit row per read, refusals without leaks.</summary>
public sealed class LedgerApiTests(RecoveryApiFactory factory) : IClassFixture<RecoveryApiFactory>
{
    [Fact]
    public async Task Household_CreateLinkSupportRead_ShowsTheWholeChain()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq", subject: "hq-ledger");
        var survey = await SurveyNewBuildingAsync(field, 33.3m);
        var id = await HouseholdAsync(hq, "台帳 一郎");

        using var link = await hq.PostAsync($"/api/ledger/households/{id}/buildings", Json($$"""{"buildingId":{{survey.BuildingId()}}}"""));
        using var issued = await IssueAsync(hq, survey.BuildingId(), id);
        using var support = await hq.PostAsync($"/api/ledger/households/{id}/support",
            Json("""{"kind":"reconstruction-grant","amountYen":1000000,"givenOn":"2026-12-01","note":"基礎支援金"}"""));
        using var repair = await hq.PostAsync($"/api/ledger/households/{id}/support",
            Json("""{"kind":"emergency-repair","givenOn":"2026-12-05"}"""));
        var household = await hq.GetFromJsonAsync<JsonElement>($"/api/ledger/households/{id}");

        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal(HttpStatusCode.Created, support.StatusCode);
        Assert.Equal("台帳 一郎", household.GetProperty("headName").GetString());
        Assert.Equal(3, household.GetProperty("members").GetInt32());
        Assert.Equal("車椅子 1名", household.GetProperty("specialNeeds").GetString());
        var building = Assert.Single(household.GetProperty("buildings").EnumerateArray());
        Assert.Equal("medium-scale-half", building.GetProperty("grade").GetString());
        Assert.Equal(33.3m, building.GetProperty("damageRatio").GetDecimal());
        var certificate = Assert.Single(household.GetProperty("certificates").EnumerateArray());
        Assert.Equal((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString(),
            certificate.GetProperty("number").GetString());
        var kinds = household.GetProperty("support").EnumerateArray().Select(s => s.GetProperty("kindLabel").GetProperty("ja").GetString());
        Assert.Equal(["被災者生活再建支援金", "住宅の応急修理"], kinds);
        Assert.Equal(1_000_000, household.GetProperty("support")[0].GetProperty("amountYen").GetInt64());
    }

    [Fact]
    public async Task Read_DetailAndList_EachLeaveExactlyOneAuditRowNamingReaderAndHouseholds()
    {
        using var hq = factory.CreateClient("hq", subject: "hq-reader");
        var a = await HouseholdAsync(hq, "監査 花子");
        var b = await HouseholdAsync(hq, "監査 次郎");
        var head = await factory.AuditHeadAsync();

        await hq.GetFromJsonAsync<JsonElement>($"/api/ledger/households/{a}");
        Assert.Single(await factory.AuditRowsAsync("ledger.read", head));
        Assert.Equal(head + 1, await factory.AuditHeadAsync());
        var list = await hq.GetFromJsonAsync<JsonElement>($"/api/ledger/households?q={Uri.EscapeDataString("監査")}");

        var rows = await factory.AuditRowsAsync("ledger.read", head);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("hq-reader", "hq"), (r.Actor, r.Role)));
        Assert.Equal([a], rows[0].Details.GetProperty("householdIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(a.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[0].EntityId);
        var listed = list.EnumerateArray().Select(h => h.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal([a, b], listed);
        Assert.Equal(listed, rows[1].Details.GetProperty("householdIds").EnumerateArray().Select(i => i.GetInt64()));
        // The search text (a name) and the names read never go into the audit log.
        Assert.True(rows[1].Details.GetProperty("searched").GetBoolean());
        Assert.All(rows, r => Assert.DoesNotContain("監査", r.Details.ToString(), StringComparison.Ordinal));
        await factory.AssertAuditIntactAsync();
    }

    [Fact]
    public async Task Update_ChangedFieldsAudited_StaleVersionIs409()
    {
        using var hq = factory.CreateClient("hq");
        var id = await HouseholdAsync(hq, "更新 前");
        var head = await factory.AuditHeadAsync();

        using var update = await hq.PutAsync($"/api/ledger/households/{id}",
            Json("""{"headName":"更新 後","headNameKana":"ミナト タロウ","members":4,""" +
                """  "address":"東京都港区芝公園四丁目2番8号","contact":"03-0000-0000",""" +
                """  "specialNeeds":"車椅子 1名","version":1}"""));
        using var stale = await hq.PutAsync($"/api/ledger/households/{id}",
            Json("""{"headName":"上書き","members":1,"address":"x","version":1}"""));
        var household = await update.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(2, household.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var row = Assert.Single(await factory.AuditRowsAsync("ledger.update", head));
        Assert.Equal(["headName", "members"], row.Details.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain("更新", row.Details.ToString(), StringComparison.Ordinal);
        Assert.Equal("更新 後", await factory.Database.ScalarAsync<string>($"SELECT head_name FROM ops.households WHERE id = {id}"));
    }

    [Fact]
    public async Task Delete_EmptyHouseholdGoes_OneWithCertificateIsKept()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var mistake = await HouseholdAsync(hq, "誤登録");
        var kept = await HouseholdAsync(hq, "証明書あり");
        var survey = await SurveyNewBuildingAsync(field, 70m);
        using var issued = await IssueAsync(hq, survey.BuildingId(), kept);

        using var deleted = await hq.DeleteAsync($"/api/ledger/households/{mistake}");
        using var refused = await hq.DeleteAsync($"/api/ledger/households/{kept}");
        using var unlink = await hq.DeleteAsync($"/api/ledger/households/{kept}/buildings/{survey.BuildingId()}");
        using var gone = await hq.GetAsync($"/api/ledger/households/{mistake}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unlink.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(1, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.households WHERE id = {kept}"));
    }

    [Theory]
    [InlineData("""{"members":3,"address":"x"}""", "headName")]
    [InlineData("""{"headName":"a","members":0,"address":"x"}""", "members")]
    [InlineData("""{"headName":"a","members":2}""", "address")]
    [InlineData("""{"headName":"a","members":2,"address":"x","ssn":"1"}""", "ssn")]
    [InlineData("""{"headName":"a","members":"many","address":"x"}""", "members")]
    public async Task Create_InvalidHousehold_Is400NamingTheField(string body, string field)
    {
        using var hq = factory.CreateClient("hq");

        using var response = await hq.PostAsync("/api/ledger/households", Json(body));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Support_InvalidKindOrAmount_Is400()
    {
        using var hq = factory.CreateClient("hq");
        var id = await HouseholdAsync(hq);

        using var kind = await hq.PostAsync($"/api/ledger/households/{id}/support", Json("""{"kind":"cash","givenOn":"2026-12-01"}"""));
        using var amount = await hq.PostAsync($"/api/ledger/households/{id}/support",
            Json("""{"kind":"donation","amountYen":-5,"givenOn":"2026-12-01"}"""));
        using var unknown = await hq.PostAsync("/api/ledger/households/999999/support",
            Json("""{"kind":"donation","givenOn":"2026-12-01"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, amount.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await factory.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.support_records WHERE household_id = {id}"));
    }

    [Theory]
    [InlineData("field", null, null)]
    [InlineData("district", "shiba", null)]
    [InlineData("shelter", null, "101")]
    [InlineData("public", null, null)]
    [InlineData(null, null, null)]
    public async Task Ledger_NonHq_EveryEndpointRefusedWithoutLeakingOrWriting(string? role, string? district, string? shelter)
    {
        using var hq = factory.CreateClient("hq");
        var id = await HouseholdAsync(hq, "秘匿 太郎");
        using var client = role is null ? factory.CreateClient() : factory.CreateClient(role, district, shelter);
        var head = await factory.AuditHeadAsync();
        var expected = role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        var body = """{"headName":"乗っ取り","members":1,"address":"x"}""";

        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Get, "/api/ledger/households"),
            new(HttpMethod.Get, $"/api/ledger/households?q={Uri.EscapeDataString("秘匿")}"),
            new(HttpMethod.Get, $"/api/ledger/households/{id}"),
            new(HttpMethod.Post, "/api/ledger/households") { Content = Json(body) },
            new(HttpMethod.Put, $"/api/ledger/households/{id}") { Content = Json(body) },
            new(HttpMethod.Delete, $"/api/ledger/households/{id}"),
            new(HttpMethod.Post, $"/api/ledger/households/{id}/buildings") { Content = Json("""{"buildingId":1}""") },
            new(HttpMethod.Post, $"/api/ledger/households/{id}/support")
            {
                Content = Json("""{"kind":"donation","givenOn":"2026-12-01"}"""),
            },
            new(HttpMethod.Delete, $"/api/ledger/households/{id}/support/1"),
        ];
        foreach (var request in requests)
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                Assert.Equal(expected, response.StatusCode);
                Assert.DoesNotContain("秘匿", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Nothing written but the refusals' own audit rows (ids and endpoint kinds only).
        Assert.Equal(0L, await factory.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE seq > {head} AND (action <> 'access.refused' OR details::text LIKE '%秘匿%')"));
        Assert.Equal("秘匿 太郎", await factory.Database.ScalarAsync<string>($"SELECT head_name FROM ops.households WHERE id = {id}"));
    }
}
