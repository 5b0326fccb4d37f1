using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Minato.Disaster.Tests.Recovery.RecoveryKit;

namespace Minato.Disaster.Tests.Recovery;

/// <summary>/api/certificates through the real host: a survey by field, a certificate by hq, numbers, versions, audit.</summary>
public sealed class CertificatesApiTests(RecoveryApiFactory factory) : IClassFixture<RecoveryApiFactory>
{
    [Fact]
    public async Task Issue_FromFieldSurvey_GivesNumberGradeAndAuditedReads()
    {
        using var field = factory.CreateClient("field", subject: "surveyor-1");
        using var hq = factory.CreateClient("hq", subject: "hq-clerk");
        var survey = await SurveyNewBuildingAsync(field, 50m, address: "東京都港区芝五丁目1番1号");
        var household = await HouseholdAsync(hq, "芝 花子");

        using var issued = await IssueAsync(hq, survey.BuildingId(), household);
        var certificate = await issued.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var number = certificate.GetProperty("number").GetString()!;
        Assert.Matches(@"^港区-R8-\d{6}$", number);
        Assert.Equal("total", certificate.GetProperty("grade").GetString());
        Assert.Equal("全壊", certificate.GetProperty("gradeLabel").GetProperty("ja").GetString());
        Assert.Equal("current", certificate.GetProperty("status").GetString());
        Assert.Equal("2026-11-24", certificate.GetProperty("issuedOn").GetString());
        Assert.Equal("令和8年11月24日", certificate.GetProperty("issuedOnJa").GetString());
        Assert.Equal("芝 花子", certificate.GetProperty("householdHead").GetString());
        Assert.Equal("東京都港区芝五丁目1番1号", certificate.GetProperty("address").GetString());
        Assert.Equal(Uri.EscapeDataString(number), issued.Headers.Location!.OriginalString.Split('/')[^1]);

        var head = await factory.AuditHeadAsync();
        var byNumber = await hq.GetFromJsonAsync<JsonElement>($"/api/certificates/{Uri.EscapeDataString(number)}");
        var byShortNumber = await hq.GetFromJsonAsync<JsonElement>($"/api/certificates/{number["港区-".Length..]}");
        Assert.Equal(number, byNumber.GetProperty("number").GetString());
        Assert.Equal(number, byShortNumber.GetProperty("number").GetString());
        var reads = await factory.AuditRowsAsync("certificate.read", head);
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Equal(("hq-clerk", "hq", number), (r.Actor, r.Role, r.EntityId)));
        Assert.All(reads, r => Assert.DoesNotContain("芝 花子", r.Details.ToString(), StringComparison.Ordinal));
        await factory.AssertAuditIntactAsync();
    }

    [Fact]
    public async Task Print_Certificate_IsAnA4JapanesePageWithNumberGradeAddressAndIssuer()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq", subject: "hq-printer");
        var survey = await SurveyNewBuildingAsync(field, 42m, address: "東京都港区高輪一丁目2番3号 <b>");
        var household = await HouseholdAsync(hq, "高輪 次郎");
        using var issued = await IssueAsync(hq, survey.BuildingId(), household);
        var number = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var head = await factory.AuditHeadAsync();

        using var response = await hq.GetAsync($"/api/certificates/{Uri.EscapeDataString(number)}/print");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // The host's security headers keep the page's own policy and refuse framing (issue 11, finding 6).
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("<h1>罹災証明書</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"number\">{number}</span>", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"grade selected\">☑ 大規模半壊</li>", html, StringComparison.Ordinal);
        Assert.Single(html.Split("grade selected").Skip(1));
        Assert.Contains("東京都港区高輪一丁目2番3号 &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("高輪 次郎", html, StringComparison.Ordinal);
        Assert.Contains("令和8年11月24日", html, StringComparison.Ordinal);
        Assert.Contains("港区長", html, StringComparison.Ordinal);
        Assert.Contains("size: A4", html, StringComparison.Ordinal);
        var read = Assert.Single(await factory.AuditRowsAsync("certificate.read", head));
        Assert.Equal("hq-printer", read.Actor);
        Assert.Equal("print", read.Details.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Issue_AfterResurvey_SupersedesWithNewNumberAndKeepsHistory()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var survey = await SurveyNewBuildingAsync(field, 19.99m);
        var household = await HouseholdAsync(hq);
        using var first = await IssueAsync(hq, survey.BuildingId(), household);
        var v1 = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;

        using var unchanged = await IssueAsync(hq, survey.BuildingId(), household);
        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        Assert.Contains(v1, await unchanged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await SurveyAsync(field, survey.BuildingId(), 2, 20m);
        using var second = await IssueAsync(hq, survey.BuildingId(), household);
        var v2 = await second.Content.ReadFromJsonAsync<JsonElement>();
        using var corrected = await IssueAsync(hq, survey.BuildingId(), household, reason: "世帯主氏名の誤記訂正");
        var v3 = await corrected.Content.ReadFromJsonAsync<JsonElement>();
        var old = await hq.GetFromJsonAsync<JsonElement>($"/api/certificates/{Uri.EscapeDataString(v1)}");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("half", v2.GetProperty("grade").GetString());
        Assert.Equal(2, v2.GetProperty("surveyRound").GetInt32());
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal(v1, v2.GetProperty("supersedes").GetString());
        Assert.NotEqual(v1, v2.GetProperty("number").GetString());
        Assert.Equal(3, v3.GetProperty("version").GetInt32());
        Assert.Equal("世帯主氏名の誤記訂正", v3.GetProperty("reason").GetString());
        Assert.Equal("superseded", old.GetProperty("status").GetString());
        Assert.Equal("semi-half", old.GetProperty("grade").GetString());
        Assert.Equal(v2.GetProperty("number").GetString(), old.GetProperty("supersededBy").GetString());
        Assert.Equal(["superseded", "superseded", "current"],
            v3.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        var html = await hq.GetStringAsync($"/api/certificates/{Uri.EscapeDataString(v1)}/print");
        Assert.Contains("この証明書は無効です", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_TwentyConcurrently_NumbersAreUniqueAndGapFree()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var pairs = new List<(long Building, long Household)>();
        for (var i = 0; i < 20; i++)
        {
            pairs.Add(((await SurveyNewBuildingAsync(field, 10m + i)).BuildingId(), await HouseholdAsync(hq, $"世帯 {i}")));
        }

        var before = await factory.Database.ScalarAsync<int>("SELECT coalesce(max(last_seq), 0) FROM ops.certificate_counters WHERE " +
            "era_year = 'R8'");
        var numbers = await Task.WhenAll(pairs.Select(async p =>
        {
            using var response = await IssueAsync(hq, p.Building, p.Household);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        }));

        var sequences = numbers.Select(n => int.Parse(n[^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        Assert.Equal(Enumerable.Range(before + 1, 20), sequences);
        Assert.Equal(before + 20,
            await factory.Database.ScalarAsync<int>("SELECT last_seq FROM ops.certificate_counters WHERE era_year = 'R8'"));
        await factory.AssertAuditIntactAsync();
    }

    [Fact]
    public async Task Issue_Refusals_AreSpecificAndStoreNothing()
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var shop = await SurveyNewBuildingAsync(field, 60m, use: "non-dwelling");
        var household = await HouseholdAsync(hq);
        var count = await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.certificates");

        using var nonDwelling = await IssueAsync(hq, shop.BuildingId(), household);
        using var noBuilding = await IssueAsync(hq, 999_999, household);
        using var noHousehold = await IssueAsync(hq, shop.BuildingId(), 999_999);
        using var missing = await hq.PostAsync("/api/certificates", Json("""{"buildingId":1}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, nonDwelling.StatusCode);
        Assert.Contains("非住家", await nonDwelling.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noBuilding.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noHousehold.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("householdId", out _));
        Assert.True(errors.TryGetProperty("disasterName", out _));
        Assert.Equal(count, await factory.Database.ScalarAsync<long>("SELECT count(*) FROM ops.certificates"));
        using var notFound = await hq.GetAsync("/api/certificates/R8-999999");
        using var notANumber = await hq.GetAsync("/api/certificates/hello");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
    }

    [Theory]
    [InlineData("field", null, null)]
    [InlineData("district", "shiba", null)]
    [InlineData("shelter", null, "101")]
    [InlineData("public", null, null)]
    [InlineData(null, null, null)]
    public async Task Certificates_NonHq_AreRefusedWithoutLeakingAndUnaudited(string? role, string? district, string? shelter)
    {
        using var field = factory.CreateClient("field");
        using var hq = factory.CreateClient("hq");
        var survey = await SurveyNewBuildingAsync(field, 45m, address: "東京都港区赤坂九丁目7番1号");
        using var issued = await IssueAsync(hq, survey.BuildingId(), await HouseholdAsync(hq, "赤坂 秘密"));
        var number = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        using var client = role is null ? factory.CreateClient() : factory.CreateClient(role, district, shelter);
        var head = await factory.AuditHeadAsync();

        var expected = role is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        foreach (var url in new[] { $"/api/certificates/{Uri.EscapeDataString(number)}",
            $"/api/certificates/{Uri.EscapeDataString(number)}/print",
                     "/api/certificates", $"/api/certificates?buildingId={survey.BuildingId()}" })
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(expected, response.StatusCode);
            Assert.DoesNotContain("赤坂", body, StringComparison.Ordinal);
            Assert.DoesNotContain(number[^6..], body, StringComparison.Ordinal);
        }

        using var post = await IssueAsync(client, survey.BuildingId(), 1);
        Assert.Equal(expected, post.StatusCode);
        Assert.Empty(await factory.AuditRowsAsync("certificate.read", head));
        Assert.Empty(await factory.AuditRowsAsync("certificate.issue", head));
    }

    [Fact]
    public async Task Issue_OnNewYearsEveAfter15Utc_NumbersInTheNewEraYear()
    {
        await using var lateFactory = new RecoveryApiFactory { ClockStart = new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero) };
        await lateFactory.InitializeAsync();
        using var field = lateFactory.CreateClient("field");
        using var hq = lateFactory.CreateClient("hq");
        var survey = await SurveyNewBuildingAsync(field, 35m);

        using var issued = await IssueAsync(hq, survey.BuildingId(), await HouseholdAsync(hq));
        var certificate = await issued.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("港区-R9-000001", certificate.GetProperty("number").GetString());
        Assert.Equal("2027-01-01", certificate.GetProperty("issuedOn").GetString());
        Assert.Equal("令和9年1月1日", certificate.GetProperty("issuedOnJa").GetString());
    }
}
