using System.Net;
using System.Text.Json;
using Minato.Disaster.Tests.Shelters;
using Minato.Disaster.Tests.Tasks;

namespace Minato.Disaster.Tests.Security;

/// <summary>
/// Refused requests (401, 403) are audited as <c>access.refused</c> rows naming the endpoint kind, the status and the
/// caller — its subject and role, or the client address when anonymous — at most one per caller and kind per minute
/// (the minute runs on the host's <c>FakeTimeProvider</c>).
/// </summary>
public sealed class RefusalAuditTests(FakeClockApiFactory host) : IClassFixture<FakeClockApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_RepeatedRefusals_OneRowPerKindPerMinute()
    {
        var head = await HeadAsync();
        var anonymous = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await anonymous.GetAsync("/api/reports", Ct)).StatusCode);
        }

        statuses.Add((await anonymous.GetAsync("/api/tasks", Ct)).StatusCode);
        var withinTheMinute = await RowsAsync(head);
        host.Time.Advance(TimeSpan.FromSeconds(61));
        statuses.Add((await anonymous.GetAsync("/api/reports", Ct)).StatusCode);
        var afterTheMinute = await RowsAsync(head);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(["ListReports", "ListTasks"], withinTheMinute.Select(r => r.Kind));
        Assert.Equal(["ListReports", "ListTasks", "ListReports"], afterTheMinute.Select(r => r.Kind));
        Assert.All(afterTheMinute, r =>
        {
            Assert.Equal(("anonymous", "anonymous"), (r.Actor, r.Role));
            Assert.Equal(401, r.Details.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.String, r.Details.GetProperty("address").ValueKind);
        });
    }

    [Fact]
    public async Task Staff_PolicyAndEndpointRefusals_RowPerActorWithStatusAndKind()
    {
        await host.Database.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var task = await TaskScene.CreateAsync(
            host.CreateClient("hq", subject: "hq-refusal"), TaskScene.Body("instruction", "district", "shiba"));
        var head = await HeadAsync();

        // The ledger is HQ's (the authorization policy refuses); a task of Shiba is not Azabu's (the endpoint refuses).
        using var ledger1 = await host.CreateClient("field", subject: "field-refused").GetAsync("/api/ledger/households", Ct);
        using var ledger2 = await host.CreateClient("field", subject: "field-refused").GetAsync("/api/ledger/households", Ct);
        using var ledgerOther = await host.CreateClient("field", subject: "field-refused-2").GetAsync("/api/ledger/households", Ct);
        using var foreignTask = await host.CreateClient("district", district: "azabu", subject: "azabu-refused")
            .GetAsync($"/api/tasks/{TaskScene.Id(task)}", Ct);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [ledger1.StatusCode, ledger2.StatusCode, ledgerOther.StatusCode, foreignTask.StatusCode]);
        var rows = await RowsAsync(head);
        Assert.Equal(
            [
                ("field-refused", "field", "ListHouseholds"),
                ("field-refused-2", "field", "ListHouseholds"),
                ("azabu-refused", "district", "GetTask"),
            ],
            rows.Select(r => (r.Actor, r.Role, r.Kind)));
        Assert.All(rows, r =>
        {
            Assert.Equal(403, r.Details.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, r.Details.GetProperty("address").ValueKind);
        });
    }

    private Task<long> HeadAsync() => host.Database.ScalarAsync<long>("SELECT seq FROM ops.audit_head");

    private async Task<List<(string Actor, string Role, string? Kind, JsonElement Details)>> RowsAsync(long afterSeq)
    {
        await using var cmd = host.Database.DataSource.CreateCommand(
            "SELECT actor, role, entity_id, details::text FROM ops.audit_log WHERE action = 'access.refused' AND seq > $1 ORDER BY seq");
        cmd.Parameters.AddWithValue(afterSeq);
        var rows = new List<(string, string, string?, JsonElement)>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            rows.Add((r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
                JsonDocument.Parse(r.GetString(3)).RootElement.Clone()));
        }

        return rows;
    }
}
