using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Minato.Disaster.Situation;
using Minato.Disaster.Tests.Shelters;

namespace Minato.Disaster.Tests.Tasks;

/// <summary>
/// Escalation on a fake clock: an overdue task is escalated exactly once (audit row by system, live change to HQ and
/// the district), a task done in time never is, and the queue puts overdue first, then priority, then due time.
/// No sleeps: the clock is advanced and the outcome awaited with a deadline.
/// </summary>
public sealed class TaskEscalationTests(FakeClockApiFactory host) : IClassFixture<FakeClockApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_OverdueTask_EscalatedOnceAuditedBySystemAndPublished()
    {
        await host.Database.ExecuteAsync(ShelterScene.DistrictsSql, Ct);
        var hq = host.CreateClient("hq");
        var task = await TaskScene.CreateAsync(hq,
            TaskScene.Body("instruction", "district", "shiba", dueAt: host.Time.GetUtcNow().AddMinutes(10)));
        var id = TaskScene.Id(task);

        host.Time.Advance(TimeSpan.FromMinutes(9));
        var early = (await hq.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}", Ct))!;
        var escalated = await AdvanceUntilAsync(async () =>
        {
            var t = (await hq.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}", Ct))!;
            return t["escalatedAt"] is not null ? t : null;
        });
        host.Time.Advance(TimeSpan.FromSeconds(FakeClockApiFactory.CheckSeconds * 4)); // further sweeps find nothing new

        Assert.Null(early["escalatedAt"]);
        Assert.False((bool)early["overdue"]!);
        Assert.True((bool)escalated["overdue"]!);
        // The live change is published after the escalation commits: wait for it in both scopes.
        var state = host.Services.GetRequiredService<SituationState>();
        foreach (var scope in new[] { SituationScope.Hq, SituationScope.ForDistrict("shiba") })
        {
            var data = await AdvanceUntilAsync(() => Task.FromResult(
                JsonNode.Parse(state.Snapshot(scope).Entities.Single(e => e.Kind == SituationKinds.Task && e.Id == id)
                    .Data!) is JsonObject o
                && o["escalatedAt"] is not null ? o : null));
            Assert.True((bool)data["overdue"]!);
        }

        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'task.escalate' AND entity_id = '{id}' AND actor = 'system' AND role = " +
                $"'system'", Ct));
        await AdvanceUntilAsync(async () => await host.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM ops.audit_log WHERE action = 'task.escalate' AND entity_id = '{id}'", Ct) == 1 ? escalated : null);
    }

    [Fact]
    public async Task Sweep_TaskDoneBeforeDue_NeverEscalated()
    {
        var centre = await ShelterScene.AddCentreAsync(host.Database, "shiba");
        var hq = host.CreateClient("hq");
        var shelter = host.CreateClient("shelter", shelter: centre);
        var id = TaskScene.Id(await TaskScene.CreateAsync(hq,
            TaskScene.Body("instruction", "shelter", centre, dueAt: host.Time.GetUtcNow().AddMinutes(5))));
        var marker = TaskScene.Id(await TaskScene.CreateAsync(hq,
            TaskScene.Body("instruction", "shelter", centre, dueAt: host.Time.GetUtcNow().AddMinutes(5))));
        (await TaskScene.PostAsync(shelter, $"/api/tasks/{id}/status", new { status = "done" })).EnsureSuccessStatusCode();

        // The marker, due at the same time, is escalated: the sweep that would have caught the done task has run.
        await AdvanceUntilAsync(async () =>
            (await hq.GetFromJsonAsync<JsonObject>($"/api/tasks/{marker}", Ct))!["escalatedAt"] is not null ? new JsonObject() : null);

        var done = (await hq.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}", Ct))!;
        Assert.Null(done["escalatedAt"]);
        Assert.False((bool)done["overdue"]!);
        Assert.Equal(0, await host.Database.ScalarAsync<long>($"SELECT count(*) FROM ops.audit_log WHERE action = 'task.escalate' AND " +
            $"entity_id = '{id}'", Ct));
    }

    [Fact]
    public async Task List_Queue_OverdueFirstThenPriorityThenDueTime()
    {
        var centre = await ShelterScene.AddCentreAsync(host.Database, "azabu");
        var hq = host.CreateClient("hq");
        var now = host.Time.GetUtcNow();
        async Task<string> Make(string priority, DateTimeOffset? due) =>
            TaskScene.Id(await TaskScene.CreateAsync(hq, TaskScene.Body("instruction", "shelter", centre, priority, due)));
        var lowSoon = await Make("low", now.AddMinutes(1));          // will be overdue
        var urgentLate = await Make("urgent", now.AddHours(5));
        var urgentEarly = await Make("urgent", now.AddHours(2));
        var normalNoDue = await Make("normal", null);
        var normalDue = await Make("normal", now.AddHours(3));
        var finished = await Make("urgent", now.AddHours(1));
        (await TaskScene.PostAsync(host.CreateClient("shelter", shelter: centre), $"/api/tasks/{finished}/status", new { status = "done" }))
            .EnsureSuccessStatusCode();
        host.Time.Advance(TimeSpan.FromMinutes(2));

        var queue = (await host.CreateClient("shelter", shelter: centre).GetFromJsonAsync<JsonArray>("/api/tasks", Ct))!
            .Select(t => TaskScene.Id(t!.AsObject())).ToList();
        var active = (await host.CreateClient("shelter", shelter: centre).GetFromJsonAsync<JsonArray>("/api/tasks?active=true", Ct))!
            .Select(t => TaskScene.Id(t!.AsObject())).ToList();

        Assert.Equal([lowSoon, urgentEarly, urgentLate, normalDue, normalNoDue, finished], queue);
        Assert.Equal([lowSoon, urgentEarly, urgentLate, normalDue, normalNoDue], active);
    }

    /// <summary>Advances the fake clock one sweep interval at a time until <paramref name="probe"/> returns a value, within a
    /// deadline.</summary>
    private async Task<JsonObject> AdvanceUntilAsync(Func<Task<JsonObject?>> probe)
    {
        var result = await Wait.ForAsync(async () =>
        {
            var found = await probe();
            if (found is null)
            {
                host.Time.Advance(TimeSpan.FromSeconds(FakeClockApiFactory.CheckSeconds));
            }

            return found;
        }, found => found is not null, Deadline, _ => "something to happen while advancing the clock", Ct);
        return result!;
    }
}
