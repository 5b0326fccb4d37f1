using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using Minato.Disaster.Tests.Shelters;

namespace Minato.Disaster.Tests.Tasks;

/// <summary>
/// /api/tasks on the real host and PostgreSQL: routing rules (each refusal proven), acknowledgement, status, thread,
/// forwarding a centre's request to HQ, who sees which queue, audit rows and live routing.
/// </summary>
public sealed class TasksApiTests(MinatoApiFactory host) : IClassFixture<MinatoApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Tomorrow => TimeProvider.System.GetUtcNow().AddDays(1);

    private TestDatabase Db => host.Database;

    [Fact]
    public async Task Create_HqInstructsDistrict_201WithLocationAuditAndLive()
    {
        await Db.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq", subject: "hq-chief");

        var response = await hq.PostAsJsonAsync("/api/tasks", TaskScene.Body("instruction", "district", "shiba", "urgent", Tomorrow), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var id = TaskScene.Id(task);
        Assert.Equal($"/api/tasks/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("open", (string)task["status"]!);
        Assert.Equal("hq", (string)task["from"]!["kind"]!);
        Assert.Equal("hq-chief", (string)task["from"]!["by"]!);
        Assert.Equal("shiba", (string)task["to"]!["id"]!);
        Assert.False((bool)task["overdue"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "task.create", id));
        var state = host.Services.GetRequiredService<SituationState>();
        Assert.Contains(state.Snapshot(SituationScope.ForDistrict("shiba")).Entities, e => e.Kind == SituationKinds.Task && e.Id == id);
        Assert.DoesNotContain(state.Snapshot(SituationScope.ForDistrict("azabu")).Entities, e =>
            e.Kind == SituationKinds.Task && e.Id == id);
        Assert.DoesNotContain(state.Snapshot(SituationScope.Public).Entities, e => e.Kind == SituationKinds.Task);
    }

    [Fact]
    public async Task Read_OneAndQueue_AuditedAsTaskReadWithIdsOnly()
    {
        await Db.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq", subject: "hq-reader");
        var task = await TaskScene.CreateAsync(hq,
            TaskScene.Body("instruction", "district", "shiba", title: "港 一郎 090-0000-1111 宅へ給水"));
        var id = TaskScene.Id(task);
        var head = await Db.ScalarAsync<long>("SELECT seq FROM ops.audit_head");

        using var one = await hq.GetAsync($"/api/tasks/{id}", Ct);
        using var queue = await hq.GetAsync("/api/tasks", Ct);
        var azabu = host.CreateClient("district", district: "azabu", subject: "azabu-reader");
        using var refused = await azabu.GetAsync($"/api/tasks/{id}", Ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden],
            [one.StatusCode, queue.StatusCode, refused.StatusCode]);
        await using var cmd = Db.DataSource.CreateCommand(
            "SELECT actor, entity_id, details::text FROM ops.audit_log WHERE action = 'task.read' AND seq > $1 ORDER BY seq");
        cmd.Parameters.AddWithValue(head);
        var rows = new List<(string Actor, string? EntityId, string Details)>();
        await using (var r = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                rows.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2)));
            }
        }

        Assert.Equal(new (string, string?)[] { ("hq-reader", id), ("hq-reader", null) }, rows.Select(r => (r.Actor, r.EntityId)));
        Assert.Equal([long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)], TaskIds(rows[0].Details));
        Assert.Contains(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), TaskIds(rows[1].Details));
        Assert.All(rows, r => Assert.DoesNotContain("090", r.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ShelterInstructs_Forbidden()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");

        var response = await host.CreateClient("shelter", shelter: centre).PostAsJsonAsync(
            "/api/tasks", TaskScene.Body("instruction", "district", "shiba"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("a centre cannot instruct", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("district", "azabu")]
    [InlineData("hq", null)]
    public async Task Create_ShelterRequestNotToItsDistrict_Forbidden(string kind, string? id)
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");

        var response = await host.CreateClient("shelter", shelter: centre)
            .PostAsJsonAsync("/api/tasks", TaskScene.Body("request", kind, id), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("goes to its district HQ (shiba)", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DistrictInstructsAnotherDistrictsCentre_Forbidden()
    {
        var azabuCentre = await ShelterScene.AddCentreAsync(Db, "azabu");

        var response = await host.CreateClient("district", district: "shiba").PostAsJsonAsync(
            "/api/tasks", TaskScene.Body("instruction", "shelter", azabuCentre), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_InvalidBody_400PerField()
    {
        var response = await host.CreateClient("hq").PostAsJsonAsync("/api/tasks", new
        {
            type = "order",
            title = "",
            priority = "asap",
            dueAt = TimeProvider.System.GetUtcNow().AddHours(-1),
            to = new { kind = "mayor", id = "x" },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["dueAt", "priority", "title", "to", "type"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("not in the future", (string)errors["dueAt"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownCentreOrDistrict_422()
    {
        await Db.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq");

        var centre = await hq.PostAsJsonAsync("/api/tasks", TaskScene.Body("instruction", "shelter", "987654321"), Ct);
        var district = await hq.PostAsJsonAsync("/api/tasks", TaskScene.Body("instruction", "district", "atlantis"), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, centre.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, district.StatusCode);
        Assert.Contains("no district 'atlantis'", await district.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_Unauthorized_PublicRole_Forbidden()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/tasks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await host.CreateClient().PostAsJsonAsync("/api/tasks", TaskScene.Body("instruction", "district", "shiba"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.CreateClient("public").GetAsync("/api/tasks", Ct)).StatusCode);
    }

    [Fact]
    public async Task Message_AnotherCentre_ForbiddenAndNotVisible()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");
        var stranger = await ShelterScene.AddCentreAsync(Db, "shiba");
        var task = await TaskScene.CreateAsync(host.CreateClient("hq"), TaskScene.Body("instruction", "shelter", centre));
        var id = TaskScene.Id(task);
        var other = host.CreateClient("shelter", shelter: stranger);

        var post = await TaskScene.PostAsync(other, $"/api/tasks/{id}/messages", new { text = "横入り" });
        var get = await other.GetAsync($"/api/tasks/{id}", Ct);
        var ack = await TaskScene.PostAsync(other, $"/api/tasks/{id}/ack");
        var queue = (await other.GetFromJsonAsync<JsonArray>("/api/tasks", Ct))!;

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.DoesNotContain(queue, t => TaskScene.Id(t!.AsObject()) == id);
        Assert.Equal(0, await Db.ScalarAsync<long>($"SELECT count(*) FROM ops.task_messages WHERE task_id = {id}", Ct));
    }

    [Fact]
    public async Task Status_DistrictStaffOfAnotherDistrict_Forbidden()
    {
        await Db.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var task = await TaskScene.CreateAsync(host.CreateClient("hq"), TaskScene.Body("instruction", "district", "shiba"));
        var id = TaskScene.Id(task);
        var azabu = host.CreateClient("district", district: "azabu");

        var status = await TaskScene.PostAsync(azabu, $"/api/tasks/{id}/status", new { status = "done" });
        var message = await TaskScene.PostAsync(azabu, $"/api/tasks/{id}/messages", new { text = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, message.StatusCode);
        Assert.Equal("open", (string)(await host.CreateClient("hq").GetFromJsonAsync<JsonObject>($"/api/tasks/{id}", Ct))!["status"]!);
    }

    [Fact]
    public async Task Workflow_AckProgressDone_WhoAndWhenRecordedAndFinal()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");
        var district = host.CreateClient("district", district: "shiba", subject: "shiba-desk");
        var shelter = host.CreateClient("shelter", shelter: centre, subject: "centre-lead");
        var task = await TaskScene.CreateAsync(district, TaskScene.Body("instruction", "shelter", centre, "high", Tomorrow));
        var id = TaskScene.Id(task);

        var bySender = await TaskScene.PostAsync(district, $"/api/tasks/{id}/ack");
        var ack = await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/ack");
        var again = await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/ack");
        var progress = await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/status", new { status = "in-progress" });
        var message = await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/messages", new { text = "給水車到着、配布中" });
        var done = await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/status", new { status = "done" });
        var cancelAfterDone = await TaskScene.PostAsync(district, $"/api/tasks/{id}/status", new { status = "cancelled" });
        var reopen = await TaskScene.PostAsync(district, $"/api/tasks/{id}/status", new { status = "open" });

        Assert.Equal(HttpStatusCode.Forbidden, bySender.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelAfterDone.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reopen.StatusCode); // "open" is never a target
        var final = (await done.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("done", (string)final["status"]!);
        Assert.Equal("centre-lead", (string)final["acknowledgedBy"]!);
        Assert.NotNull(final["acknowledgedAt"]);
        Assert.Equal("給水車到着、配布中", (string)final["messages"]![0]!["text"]!);
        Assert.Equal("centre-lead", (string)final["messages"]![0]!["by"]!);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "task.ack", id));
        Assert.Equal(2, await ShelterScene.AuditCountAsync(Db, "task.status", id));
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "task.message", id));
        // The message text may name people: the audit row holds its length, never the text.
        Assert.Equal(0, await Db.ScalarAsync<long>("SELECT count(*) FROM ops.audit_log WHERE details::text LIKE '%給水車到着%'", Ct));
    }

    [Fact]
    public async Task Cancel_BySenderAllowed_ByAddresseeForbidden()
    {
        await Db.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq");
        var task = await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "district", "azabu"));
        var id = TaskScene.Id(task);

        var byAddressee = await TaskScene.PostAsync(host.CreateClient("district", district: "azabu"), $"/api/tasks/{id}/status",
            new { status = "cancelled" });
        var bySender = await TaskScene.PostAsync(hq, $"/api/tasks/{id}/status", new { status = "cancelled" });

        Assert.Equal(HttpStatusCode.Forbidden, byAddressee.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySender.StatusCode);
    }

    [Fact]
    public async Task Forward_CentreRequestThroughDistrictToHq_HqAcknowledgesAllSeeIt()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");
        var shelter = host.CreateClient("shelter", shelter: centre);
        var shiba = host.CreateClient("district", district: "shiba", subject: "shiba-desk");
        var azabu = host.CreateClient("district", district: "azabu");
        var hq = host.CreateClient("hq", subject: "hq-logistics");
        var task = await TaskScene.CreateAsync(shelter, TaskScene.Body("request", "district", "shiba", "urgent", title: "毛布 200 枚"));
        var id = TaskScene.Id(task);
        await TaskScene.PostAsync(shiba, $"/api/tasks/{id}/ack");

        var hqBefore = await TaskScene.PostAsync(hq, $"/api/tasks/{id}/ack");
        var wrongDistrict = await TaskScene.PostAsync(azabu, $"/api/tasks/{id}/forward", new { to = new { kind = "hq" } });
        var notToHq = await TaskScene.PostAsync(shiba, $"/api/tasks/{id}/forward", new { to = new { kind = "district", id = "azabu" } });
        var forward = await TaskScene.PostAsync(shiba, $"/api/tasks/{id}/forward",
            new { to = new { kind = "hq" }, note = "在庫なし、本部で手配願います" });
        var twice = await TaskScene.PostAsync(shiba, $"/api/tasks/{id}/forward", new { to = new { kind = "hq" } });
        var hqAck = await TaskScene.PostAsync(hq, $"/api/tasks/{id}/ack");

        Assert.Equal(HttpStatusCode.Forbidden, hqBefore.StatusCode); // HQ is not yet the addressee
        Assert.Equal(HttpStatusCode.Forbidden, wrongDistrict.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notToHq.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forward.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hqAck.StatusCode);
        var forwarded = (await forward.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("hq", (string)forwarded["to"]!["kind"]!);
        Assert.Equal("open", (string)forwarded["status"]!);
        Assert.Equal("shiba", (string)forwarded["forwarded"]!["from"]!);
        Assert.Equal("shiba-desk", (string)forwarded["forwarded"]!["by"]!);
        Assert.Equal("在庫なし、本部で手配願います", (string)forwarded["messages"]![0]!["text"]!);
        Assert.Equal("hq-logistics", (string)(await hqAck.Content.ReadFromJsonAsync<JsonObject>(Ct))!["acknowledgedBy"]!);
        // The centre and its district still see the request after it went up.
        Assert.Equal(HttpStatusCode.OK, (await shelter.GetAsync($"/api/tasks/{id}", Ct)).StatusCode);
        Assert.Contains((await shiba.GetFromJsonAsync<JsonArray>("/api/tasks", Ct))!, t => TaskScene.Id(t!.AsObject()) == id);
        Assert.Equal(1, await ShelterScene.AuditCountAsync(Db, "task.forward", id));
    }

    [Fact]
    public async Task List_EachRoleSeesItsOwnQueue()
    {
        var shibaCentre = await ShelterScene.AddCentreAsync(Db, "shiba");
        var azabuCentre = await ShelterScene.AddCentreAsync(Db, "azabu");
        var hq = host.CreateClient("hq");
        var toShibaCentre = TaskScene.Id(await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "shelter", shibaCentre)));
        var toAzabuCentre = TaskScene.Id(await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "shelter", azabuCentre)));
        var toShibaField = TaskScene.Id(await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "field", "shiba")));

        async Task<HashSet<string>> QueueAsync(HttpClient c) =>
            (await c.GetFromJsonAsync<JsonArray>("/api/tasks", Ct))!.Select(t => TaskScene.Id(t!.AsObject())).ToHashSet();

        var shibaCentreQueue = await QueueAsync(host.CreateClient("shelter", shelter: shibaCentre));
        var shibaDistrictQueue = await QueueAsync(host.CreateClient("district", district: "shiba"));
        var fieldQueue = await QueueAsync(host.CreateClient("field", district: "shiba"));
        var hqQueue = await QueueAsync(hq);

        Assert.Contains(toShibaCentre, shibaCentreQueue);
        Assert.DoesNotContain(toAzabuCentre, shibaCentreQueue);
        Assert.DoesNotContain(toShibaField, shibaCentreQueue);
        Assert.Contains(toShibaCentre, shibaDistrictQueue);
        Assert.Contains(toShibaField, shibaDistrictQueue);
        Assert.DoesNotContain(toAzabuCentre, shibaDistrictQueue);
        Assert.Equal([toShibaField], fieldQueue.Intersect([toShibaCentre, toAzabuCentre, toShibaField]));
        Assert.Superset(new HashSet<string> { toShibaCentre, toAzabuCentre, toShibaField }, hqQueue);
    }

    [Fact]
    public async Task Create_CentreRequest_LiveToHqItsDistrictAndItself_NotOthers()
    {
        var centre = await ShelterScene.AddCentreAsync(Db, "shiba");
        var stranger = await ShelterScene.AddCentreAsync(Db, "shiba");
        var id = TaskScene.Id(await TaskScene.CreateAsync(host.CreateClient("shelter", shelter: centre),
            TaskScene.Body("request", "district", "shiba")));

        var state = host.Services.GetRequiredService<SituationState>();
        bool Sees(SituationScope scope) => state.Snapshot(scope).Entities.Any(e => e.Kind == SituationKinds.Task && e.Id == id);

        Assert.True(Sees(SituationScope.Hq));
        Assert.True(Sees(SituationScope.ForDistrict("shiba")));
        Assert.True(Sees(SituationScope.ForShelter(centre)));
        Assert.False(Sees(SituationScope.ForShelter(stranger)));
        Assert.False(Sees(SituationScope.ForDistrict("azabu")));
        Assert.False(Sees(SituationScope.Public));
    }

    private static long[] TaskIds(string details) =>
        [.. System.Text.Json.JsonDocument.Parse(details).RootElement.GetProperty("taskIds").EnumerateArray().Select(e => e.GetInt64())];
}
