using System.Net;
using System.Text;
using Minato.Disaster.Security;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>POST /api/reports through the real host on real PostGIS: idempotency, validation, location, refusals.</summary>
public sealed class ReportCreateTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Field(string subject = "field-1") => host.CreateClient(MinatoClaims.Field, subject: subject);

    [Fact]
    public async Task Create_ValidJson_Returns201WithReportLocationHistoryAndAudit()
    {
        var client = Field("field-create");
        using var response = await PostAsync(client, NewKey(), Point("fire", 4, ReportsHost.Lon, ReportsHost.Lat, "黒煙 / black smoke"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await JsonAsync(response);
        var id = report.GetProperty("id").GetInt64();
        Assert.Equal($"/api/reports/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("fire", report.GetProperty("category").GetString());
        Assert.Equal(4, report.GetProperty("severity").GetInt32());
        Assert.Equal("reported", report.GetProperty("status").GetString());
        Assert.Equal("shiba", report.GetProperty("district").GetString());
        Assert.Equal("field-create", report.GetProperty("reportedBy").GetString());
        Assert.Equal("Point", report.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(ReportsHost.Lon, report.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(), 7);
        var history = report.GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("reported", history[0].GetProperty("status").GetString());
        Assert.Equal("field-create", history[0].GetProperty("by").GetString());
        Assert.Equal(1L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE action = 'report.create' AND " +
            $"entity_id = '{id}' AND actor = 'field-create'"));
        // The audit row names ids and fields, never the note's text.
        Assert.Equal(0L, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE entity_id = '{id}' AND " +
            $"details::text LIKE '%smoke%'"));
    }

    [Fact]
    public async Task Create_JapaneseNote_IsReturnedAsTextNotEscapes()
    {
        using var response = await PostAsync(Field("field-ja"), NewKey(),
            Point("flooding", 2, ReportsHost.Lon, ReportsHost.Lat, "床上浸水"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\"note\":\"床上浸水\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SameKeyRetried_ReturnsFirstResultAndStoresOnce()
    {
        var client = Field("field-retry");
        var key = NewKey();
        var json = Point("flooding", 2, ReportsHost.Lon, ReportsHost.Lat, "retry");
        using var first = await PostAsync(client, key, json);
        var firstBody = await first.Content.ReadAsStringAsync(Ct);
        using var second = await PostAsync(client, key, json);
        var secondBody = await second.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotency-Replayed")));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-retry'"));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'report.create' AND " +
            "actor = 'field-retry'"));
    }

    [Fact]
    public async Task Create_TenParallelIdenticalRequests_OneReportTenIdentical201s()
    {
        var client = Field("field-race");
        var key = NewKey();
        var json = Point("road-blocked", 3, ReportsHost.Lon, ReportsHost.Lat, "race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var r = await PostAsync(client, key, json);
            return (r.StatusCode, Body: await r.Content.ReadAsStringAsync(Ct));
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-race'"));
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE action = 'report.create' AND " +
            "actor = 'field-race'"));
    }

    [Fact]
    public async Task Create_SameKeyDifferentBody_Returns422AndChangesNothing()
    {
        var client = Field("field-mismatch");
        var key = NewKey();
        using var first = await PostAsync(client, key, Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));
        using var second = await PostAsync(client, key, Point("fire", 5, ReportsHost.Lon, ReportsHost.Lat));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((HttpStatusCode)422, second.StatusCode);
        Assert.Contains("Idempotency-Key", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-mismatch'"));
        Assert.Equal(3L, await host.Database.ScalarAsync<long>("SELECT severity FROM ops.reports WHERE reported_by = 'field-mismatch'"));
    }

    [Fact]
    public async Task Create_SameKeyOtherUser_IsAnIndependentReport()
    {
        var key = NewKey();
        var json = Point("other", 1, ReportsHost.Lon, ReportsHost.Lat);
        using var a = await PostAsync(Field("field-key-a"), key, json);
        using var b = await PostAsync(Field("field-key-b"), key, json);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.NotEqual(a.Headers.Location, b.Headers.Location);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("has a space in it")]
    public async Task Create_MissingOrInvalidKey_Returns400AndStoresNothing(string? key)
    {
        using var response = await PostAsync(Field("field-nokey"), key, Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-nokey'"));
    }

    [Fact]
    public async Task Create_RetryAfterFailedValidation_StoresNothingThenTheCorrectedRequestSucceeds()
    {
        var client = Field("field-fix");
        var key = NewKey();
        using var bad = await PostAsync(client, key, Point("fire", 9, ReportsHost.Lon, ReportsHost.Lat));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.idempotency WHERE actor = 'field:field-fix'"));

        using var outside = await PostAsync(client, key, Point("fire", 3, 139.70, 35.69));
        Assert.Equal((HttpStatusCode)422, outside.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.idempotency WHERE actor = 'field:field-fix'"));

        using var good = await PostAsync(client, key, Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal(1L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-fix'"));
    }

    [Theory]
    [InlineData("""{"category":"meteor","severity":3,"geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "category")]
    [InlineData("""{"severity":3,"geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "category")]
    [InlineData("""{"category":"fire","severity":0,"geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "severity")]
    [InlineData("""{"category":"fire","severity":6,"geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "severity")]
    [InlineData("""{"category":"fire","severity":"3","geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "severity")]
    [InlineData("""{"category":"fire","severity":2.5,"geometry":{"type":"Point","coordinates":[139.75,35.66]}}""", "severity")]
    [InlineData("""{"category":"fire","severity":3}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,""" +
        """  "geometry":{"type":"Polygon","coordinates":[[[139.75,35.66],[139.76,35.66],[139.76,35.67],[139.75,35.66]]]}}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":[35.66,139.75]}}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":[200,35.66]}}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":["139.75","35.66"]}}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"LineString","coordinates":[[139.75,35.66]]}}""", "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"LineString","coordinates":[[139.75,35.66],[139.75,35.66]]}}""",
        "geometry")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":[139.75,35.66]},"note":42}""", "note")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":[139.75,35.66]},"observedAt":"yesterday"}""",
        "observedAt")]
    [InlineData("""{"category":"fire","severity":3,"geometry":{"type":"Point","coordinates":[139.75,35.66]},""" +
        """  "observedAt":"2999-01-01T00:00:00Z"}""", "observedAt")]
    [InlineData("""[1,2,3]""", "report")]
    public async Task Create_InvalidField_Returns400NamingTheFieldAndStoresNothing(string json, string field)
    {
        using var response = await PostAsync(Field("field-invalid"), NewKey(), json);
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-invalid'"));
    }

    [Fact]
    public async Task Create_NoteTooLongOrTooManyVertices_Returns400()
    {
        using var note = await PostAsync(Field("field-long"), NewKey(),
            Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat, new string('x', 2001)));
        var points = Enumerable.Range(0, 501).Select(i => (ReportsHost.Lon + (i * 1e-5), ReportsHost.Lat)).ToArray();
        using var line = await PostAsync(Field("field-long"), NewKey(), Line("road-blocked", 3, points));

        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Contains("too long", await note.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, line.StatusCode);
        Assert.Contains("too many vertices", await line.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_LineLeavingTheWard_Returns422()
    {
        // Starts in Shiba, ends in Shinagawa (outside the ward): not covered by gis.boundary.
        using var response = await PostAsync(Field("field-cross"), NewKey(), Line("road-blocked", 3, (139.75, 35.66), (139.73, 35.61)));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
    }

    [Fact]
    public async Task Create_BadJson_Returns400()
    {
        using var response = await PostAsync(Field("field-badjson"), NewKey(), """{"category":"fire",""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OutsideMinato_Returns422InBothLanguagesAndStoresNothing()
    {
        using var response = await PostAsync(Field("field-outside"), NewKey(), Point("fire", 3, 139.70, 35.69));
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("outside Minato City", text, StringComparison.Ordinal);
        Assert.Contains("港区の区域外", text, StringComparison.Ordinal);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'field-outside'"));
    }

    [Fact]
    public async Task Create_InAzabu_TakesTheDistrictFromTheGeometry()
    {
        using var response = await PostAsync(Field("field-azabu"), NewKey(),
            Point("landslide", 2, ReportsHost.AzabuLon, ReportsHost.AzabuLat));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("azabu", (await JsonAsync(response)).GetProperty("district").GetString());
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401()
    {
        using var response = await PostAsync(host.CreateClient(), NewKey(), Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Create_PublicRole_Returns403()
    {
        using var response = await PostAsync(host.CreateClient(MinatoClaims.Public, subject: "citizen"), NewKey(),
            Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM ops.reports WHERE reported_by = 'citizen'"));
    }

    [Fact]
    public async Task Create_OtherMediaType_Returns415()
    {
        using var response = await SendAsync(Field("field-xml"), NewKey(), () =>
            new StringContent("<report/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Create_MultipartWithoutPhotos_IsTheSameReportAsJson()
    {
        var client = Field("field-multipart");
        var key = NewKey();
        var json = Point("building-damage", 3, ReportsHost.Lon, ReportsHost.Lat);
        using var multipart = await PostMultipartAsync(client, key, json);
        using var retryAsJson = await PostAsync(client, key, json);

        Assert.Equal(HttpStatusCode.Created, multipart.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retryAsJson.StatusCode);
        Assert.Equal("true", Assert.Single(retryAsJson.Headers.GetValues("Idempotency-Replayed")));
    }
}
