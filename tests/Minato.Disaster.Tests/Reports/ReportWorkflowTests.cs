using System.Net;
using Minato.Disaster.Security;
using Minato.Audit;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>The status workflow with who and when, who may move a report, and who may read which reports.</summary>
public sealed class ReportWorkflowTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Hq => host.CreateClient(MinatoClaims.Hq, subject: "hq-1");

    private HttpClient Shiba => host.CreateClient(MinatoClaims.DistrictRole, district: "shiba", subject: "shiba-1");

    private HttpClient Azabu => host.CreateClient(MinatoClaims.DistrictRole, district: "azabu", subject: "azabu-1");

    private HttpClient Field(string subject) => host.CreateClient(MinatoClaims.Field, subject: subject);

    private Task<long> ShibaReportAsync(string subject, string category = "fire") =>
        CreateAsync(Field(subject), Point(category, 3, ReportsHost.Lon, ReportsHost.Lat));

    [Fact]
    public async Task Status_FullChain_RecordsWhoAndWhenForEachStep()
    {
        var id = await ShibaReportAsync("field-chain");

        foreach (var (client, status, assignee) in new[]
        {
            (Shiba, "confirmed", (string?)null), (Hq, "assigned", "消防団 第3分団"), (Shiba, "in-progress", null),
                (Hq, "resolved", null),
        })
        {
            using var r = await StatusAsync(client, id, status, note: "step " + status, assignee: assignee);
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync(Ct));
        }

        using var get = await Hq.GetAsync($"/api/reports/{id}", Ct);
        var report = await JsonAsync(get);
        Assert.Equal("resolved", report.GetProperty("status").GetString());
        Assert.Equal("消防団 第3分団", report.GetProperty("assignee").GetString());
        var history = report.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(["reported", "confirmed", "assigned", "in-progress", "resolved"],
            history.Select(h => h.GetProperty("status").GetString()));
        Assert.Equal(["field-chain", "shiba-1", "hq-1", "shiba-1", "hq-1"], history.Select(h => h.GetProperty("by").GetString()));
        Assert.Equal("step assigned", history[2].GetProperty("note").GetString());
        var times = history.Select(h => h.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);
        Assert.Equal(4L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE action = 'report.status' AND " +
            $"entity_id = '{id}'"));
        Assert.Equal("resolved", await host.Database.ScalarAsync<string>(
            $"SELECT details->>'to' FROM ops.audit_log WHERE action = 'report.status' AND entity_id = '{id}' ORDER BY seq DESC LIMIT 1"));
        Assert.True((await AuditVerifier.VerifyAsync(host.Database.DataSource, Ct)).Intact);
    }

    [Theory]
    [InlineData(new string[0], "resolved")]
    [InlineData(new string[0], "in-progress")]
    [InlineData(new[] { "confirmed", "assigned" }, "rejected")]
    [InlineData(new[] { "rejected" }, "confirmed")]
    [InlineData(new[] { "confirmed" }, "confirmed")]
    public async Task Status_IllegalTransition_Returns409AndChangesNothing(string[] before, string target)
    {
        var id = await ShibaReportAsync("field-illegal");
        foreach (var s in before)
        {
            using var ok = await StatusAsync(Hq, id, s, assignee: s == "assigned" ? "team" : null);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var response = await StatusAsync(Hq, id, target, assignee: "team");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("cannot become", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before.Length + 1L,
            await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.report_history WHERE report_id = {id}"));
    }

    [Fact]
    public async Task Status_RejectedFromReported_IsAllowed()
    {
        var id = await ShibaReportAsync("field-reject");
        using var response = await StatusAsync(Shiba, id, "rejected", note: "duplicate");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rejected", (await JsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Status_FieldShelterOtherDistrictOrAnonymous_IsRefusedAndChangesNothing()
    {
        var id = await ShibaReportAsync("field-refuse");

        using var field = await StatusAsync(Field("field-refuse"), id, "confirmed");
        using var shelter = await StatusAsync(host.CreateClient(MinatoClaims.ShelterRole, shelter: "101", subject: "shelter-1"), id,
            "confirmed");
        using var azabu = await StatusAsync(Azabu, id, "confirmed");
        using var anonymous = await StatusAsync(host.CreateClient(), id, "confirmed");

        Assert.Equal(HttpStatusCode.Forbidden, field.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, shelter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, azabu.StatusCode);
        Assert.Contains("shiba", await azabu.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("reported", await host.Database.ScalarAsync<string>($"SELECT status FROM ops.reports WHERE id = {id}"));
    }

    [Fact]
    public async Task Status_AssignedWithoutAssigneeOrUnknownStatus_Returns400()
    {
        var id = await ShibaReportAsync("field-assign");
        using var confirm = await StatusAsync(Hq, id, "confirmed");
        using var noAssignee = await StatusAsync(Hq, id, "assigned");
        using var unknown = await StatusAsync(Hq, id, "done");

        Assert.Equal(HttpStatusCode.BadRequest, noAssignee.StatusCode);
        Assert.Contains("assignee", await noAssignee.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Status_UnknownReport_Returns404()
    {
        using var response = await StatusAsync(Hq, 987654321, "confirmed");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_EachRoleSeesWhatItMay()
    {
        var mine = await ShibaReportAsync("field-list-a");
        var others = await ShibaReportAsync("field-list-b");
        var azabu = await CreateAsync(Field("field-list-b"), Point("flooding", 2, ReportsHost.AzabuLon, ReportsHost.AzabuLat));

        var field = await IdsAsync(Field("field-list-a"), "");
        var shiba = await IdsAsync(Shiba, "");
        var azabuStaff = await IdsAsync(Azabu, "");
        var hq = await IdsAsync(Hq, "");

        Assert.Equal([mine], field);
        Assert.Contains(mine, shiba);
        Assert.Contains(others, shiba);
        Assert.DoesNotContain(azabu, shiba);
        Assert.Contains(azabu, azabuStaff);
        Assert.DoesNotContain(mine, azabuStaff);
        Assert.Contains(mine, hq);
        Assert.Contains(azabu, hq);
    }

    [Fact]
    public async Task List_Filters_ByStatusCategoryDistrictAndBbox()
    {
        var fire = await ShibaReportAsync("field-filter", "fire");
        var flood = await ShibaReportAsync("field-filter", "flooding");
        var azabu = await CreateAsync(Field("field-filter"), Point("fire", 2, ReportsHost.AzabuLon, ReportsHost.AzabuLat));
        using (var c = await StatusAsync(Hq, flood, "confirmed"))
        {
            Assert.Equal(HttpStatusCode.OK, c.StatusCode);
        }

        var client = Field("field-filter");
        Assert.Equal([azabu, fire], await IdsAsync(client, "?category=fire"));
        Assert.Equal([flood], await IdsAsync(client, "?status=confirmed"));
        Assert.Equal([azabu, fire], await IdsAsync(client, "?status=reported,assigned&category=fire,landslide"));
        Assert.Equal([azabu], await IdsAsync(client, "?district=azabu"));
        Assert.Equal([flood, fire], await IdsAsync(client, "?bbox=139.745,35.655,139.755,35.665"));
    }

    [Fact]
    public async Task List_BadQueryOrOtherDistrict_IsRefused()
    {
        using var bad = await Hq.GetAsync("/api/reports?status=done&bbox=1,2,3", Ct);
        using var other = await Azabu.GetAsync("/api/reports?district=shiba", Ct);
        using var anonymous = await host.CreateClient().GetAsync("/api/reports", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("bbox", out _));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task List_IsGeoJsonWithReportProperties()
    {
        var id = await ShibaReportAsync("field-geojson");
        using var response = await Field("field-geojson").GetAsync("/api/reports", Ct);
        var collection = await JsonAsync(response);

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        var feature = Assert.Single(collection.GetProperty("features").EnumerateArray());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(id, feature.GetProperty("properties").GetProperty("id").GetInt64());
        Assert.False(feature.GetProperty("properties").TryGetProperty("geometry", out _));
        Assert.Equal("field-geojson", feature.GetProperty("properties").GetProperty("reportedBy").GetString());
    }

    [Fact]
    public async Task Get_OtherDistrictOrOtherFieldUser_Returns403_Unknown404()
    {
        var id = await ShibaReportAsync("field-get");

        using var own = await Field("field-get").GetAsync($"/api/reports/{id}", Ct);
        using var stranger = await Field("field-get-other").GetAsync($"/api/reports/{id}", Ct);
        using var azabu = await Azabu.GetAsync($"/api/reports/{id}", Ct);
        using var shiba = await Shiba.GetAsync($"/api/reports/{id}", Ct);
        using var missing = await Hq.GetAsync("/api/reports/987654321", Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, azabu.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shiba.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheReportEndpoints()
    {
        using var response = await host.CreateClient().GetAsync("/openapi.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("\"/api/reports\"", text, StringComparison.Ordinal);
        Assert.Contains("\"/api/reports/{id}/status\"", text, StringComparison.Ordinal);
        Assert.Contains("CreateReport", text, StringComparison.Ordinal);
    }

    private static async Task<long[]> IdsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/reports" + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await JsonAsync(response)).GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64())];
    }
}
