using System.Globalization;
using System.Net;
using System.Text.Json;
using Minato.Disaster.Security;
using static Minato.Disaster.Tests.Reports.ReportRequests;

namespace Minato.Disaster.Tests.Reports;

/// <summary>
/// Reads of reports and photos (which name reporters and may carry phone numbers in notes) are audited like the ledger's:
/// <c>report.read</c> and <c>photo.read</c> rows with ids only; a refused read leaves no read row. Identity is subject and
/// role together: another role with the same subject is not the reporter.
/// </summary>
public sealed class ReportReadAuditTests(ReportsHost host) : IClassFixture<ReportsHost>
{
    private const string Note = "港 花子 090-1234-5678 に連絡";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_OneListAndPhoto_AuditedWithIdsOnly()
    {
        var field = host.CreateClient(MinatoClaims.Field, subject: "field-audit-read");
        using var created = await PostMultipartAsync(field, NewKey(), Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat, Note),
            ("wall.jpg", TestImages.Jpeg(), "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await JsonAsync(created);
        var id = report.GetProperty("id").GetInt64();
        var photo = Assert.Single(report.GetProperty("photos").EnumerateArray());
        var head = await HeadAsync();

        using var one = await field.GetAsync($"/api/reports/{id}", Ct);
        using var list = await field.GetAsync("/api/reports", Ct);
        using var image = await field.GetAsync(photo.GetProperty("url").GetString(), Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [one.StatusCode, list.StatusCode, image.StatusCode]);
        var rows = await RowsAsync(head);
        Assert.Equal(["report.read", "report.read", "photo.read"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(("field-audit-read", "field"), (r.Actor, r.Role)));
        Assert.Equal(Id(id), rows[0].EntityId);
        Assert.Equal([id], rows[0].Details.GetProperty("reportIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Null(rows[1].EntityId);
        Assert.Equal([id], rows[1].Details.GetProperty("reportIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(Id(photo.GetProperty("id").GetInt64()), rows[2].EntityId);
        Assert.Equal(id, rows[2].Details.GetProperty("reportId").GetInt64());
        Assert.All(rows, r => Assert.DoesNotContain("090", r.Details.GetRawText(), StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotContain("花子", r.Details.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_RefusedOrMissing_LeavesNoReadRow()
    {
        var id = await CreateAsync(host.CreateClient(MinatoClaims.Field, subject: "field-audit-owner"),
            Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat, Note));
        var head = await HeadAsync();

        var strangerClient = host.CreateClient(MinatoClaims.Field, subject: "field-audit-stranger");
        using var stranger = await strangerClient.GetAsync($"/api/reports/{id}", Ct);
        using var photo = await strangerClient.GetAsync($"/api/reports/{id}/photos/1", Ct);
        using var missing = await host.CreateClient(MinatoClaims.Hq, subject: "hq-audit").GetAsync("/api/reports/987654321", Ct);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound],
            [stranger.StatusCode, photo.StatusCode, missing.StatusCode]);
        Assert.DoesNotContain(await RowsAsync(head), r => r.Action is "report.read" or "photo.read");
    }

    [Fact]
    public async Task Read_SameSubjectInAnotherRole_IsNotTheReporter()
    {
        var id = await CreateAsync(host.CreateClient(MinatoClaims.Field, subject: "shared-name"),
            Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat));
        // District staff of Azabu under the same subject: neither the reporter nor staff of the report's district (Shiba).
        var impostor = host.CreateClient(MinatoClaims.DistrictRole, district: "azabu", subject: "shared-name");

        using var one = await impostor.GetAsync($"/api/reports/{id}", Ct);
        var listed = await JsonAsync(await impostor.GetAsync("/api/reports", Ct));
        using var owner = await host.CreateClient(MinatoClaims.Field, subject: "shared-name").GetAsync($"/api/reports/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        Assert.DoesNotContain(id, listed.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Create_SameSubjectAndKeyInAnotherRole_IsNotAReplayOfTheReportersResponse()
    {
        var key = NewKey();
        var body = Point("fire", 3, ReportsHost.Lon, ReportsHost.Lat, Note);
        using var first = await PostAsync(host.CreateClient(MinatoClaims.Field, subject: "shared-key"), key, body);
        using var other = await PostAsync(host.CreateClient(MinatoClaims.DistrictRole, district: "shiba", subject: "shared-key"), key,
            body);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], [first.StatusCode, other.StatusCode]);
        Assert.False(other.Headers.Contains("Idempotency-Replayed"));
        var stored = await JsonAsync(other);
        Assert.NotEqual((await JsonAsync(first)).GetProperty("id").GetInt64(), stored.GetProperty("id").GetInt64());
        Assert.Equal("district", stored.GetProperty("reporterRole").GetString());
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<long> HeadAsync() => host.Database.ScalarAsync<long>("SELECT seq FROM ops.audit_head");

    private async Task<List<(string Action, string Actor, string Role, string? EntityId, JsonElement Details)>> RowsAsync(long afterSeq)
    {
        await using var cmd = host.Database.DataSource.CreateCommand(
            "SELECT action, actor, role, entity_id, details::text FROM ops.audit_log WHERE seq > $1 AND action LIKE '%.read' ORDER BY seq");
        cmd.Parameters.AddWithValue(afterSeq);
        var rows = new List<(string, string, string, string?, JsonElement)>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            rows.Add((r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                JsonDocument.Parse(r.GetString(4)).RootElement.Clone()));
        }

        return rows;
    }
}
