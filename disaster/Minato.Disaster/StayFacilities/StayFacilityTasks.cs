using System.Globalization;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Disaster.Tasks;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// HQ opens and closes temporary-stay facilities through tasks: an instruction "open facility X" or "close facility X"
/// addressed to the facility (task party <c>facility</c>, its staff: role <c>facility</c> with its claim), linked in
/// <c>ops.stay_facility_tasks</c> to the status change it stands for. The task is the whole of the decision: the status
/// changes when the task is completed (see <see cref="StayFacilityTaskEffect"/>). Thread-safe.
/// </summary>
public sealed class StayFacilityTasks(TaskStore tasks, StayFacilityStore facilities, TimeProvider time)
{
    /// <summary>Creates the task for <paramref name="request"/> (already validated) on facility <paramref name="id"/>: HQ only.</summary>
    public async Task<Outcome<TaskItem>> RequestAsync(Actor actor, string id, StayFacilityTaskRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (!actor.IsHq)
        {
            return Outcome<TaskItem>.Forbidden("only HQ opens and closes stay facilities / 施設の開設・閉鎖の指示は本部のみ");
        }

        if (await facilities.GetAsync(id, cancellationToken) is not { } facility)
        {
            return Outcome<TaskItem>.NotFound($"no stay facility '{id}'");
        }

        var open = request.Action == StayFacilityTaskRequest.Open;
        var title = open
            ? $"一時滞在施設を開設してください: {facility.Name} / Open stay facility {facility.Name}"
            : $"一時滞在施設を閉鎖してください: {facility.Name} / Close stay facility {facility.Name}";
        var task = new NewTask(TaskStatuses.Instruction, title.Length > NewTask.MaxTitle ? title[..NewTask.MaxTitle] : title,
            request.Note ?? "", request.Priority, request.DueAt, new TaskUnitInput(TaskUnit.Facility, facility.Id));
        return await tasks.CreateAsync(actor, task, (tx, taskId) => tx.ExecAsync(
            "INSERT INTO ops.stay_facility_tasks (task_id, facility_id, action) VALUES ($1, $2, $3)",
            [taskId, long.Parse(facility.Id, CultureInfo.InvariantCulture), request.Action!], cancellationToken), cancellationToken);
    }

    /// <summary>Field errors of <paramref name="request"/> (as <see cref="NewTask.Validate"/> for the task's own fields).</summary>
    public Dictionary<string, string[]> Validate(StayFacilityTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new NewTask(TaskStatuses.Instruction, "-", request.Note, request.Priority, request.DueAt,
            new TaskUnitInput(TaskUnit.Hq, null)).Validate(time.GetUtcNow());
        errors.Remove("body", out var body);
        if (body is not null)
        {
            errors["note"] = body;
        }

        if (request.Action is not (StayFacilityTaskRequest.Open or StayFacilityTaskRequest.Close))
        {
            errors["action"] = ["action must be 'open' or 'close' / 開設(open)か閉鎖(close)を指定してください"];
        }

        return errors;
    }
}

/// <summary>
/// The body of <c>POST /api/stay-facilities/{id}/tasks</c>: <c>open</c> (→ 受入可 when done) or <c>close</c> (→ 未開設 when
/// done), an optional note for the staff, priority and due time.
/// </summary>
public sealed record StayFacilityTaskRequest(string? Action, string? Note, string? Priority, DateTimeOffset? DueAt)
{
    public const string Open = "open";
    public const string Close = "close";
}

/// <summary>
/// When an open/close task of a stay facility is done (by the facility's staff or HQ), the facility's status changes in
/// the same transaction: open → <c>accepting</c> 受入可 (people accepted, capacity and supplies kept); close →
/// <c>not_opened</c> 未開設 with nobody accepted. Audited as <c>stay-facility.task</c> with the task's id, applied once,
/// published live (kind <c>stay-facility</c>) after commit together with the task.
/// </summary>
public sealed class StayFacilityTaskEffect(StayFacilityStore facilities) : ITaskEffect
{
    public async Task<IReadOnlyList<SituationChange>> ApplyAsync(NpgsqlTransaction tx, Actor actor, TaskItem task, string status,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(task);
        if (status != TaskStatuses.Done || task.To.Kind != TaskUnit.Facility)
        {
            return [];
        }

        var links = await tx.QueryAsync(
            "SELECT facility_id, action FROM ops.stay_facility_tasks WHERE task_id = $1 AND applied_at IS NULL FOR UPDATE",
            [task.Id], r => (Facility: r.GetInt64(0), Action: r.GetString(1)), cancellationToken);
        if (links.Count == 0 || await facilities.LockAsync(tx, links[0].Facility, cancellationToken) is not { } before)
        {
            return [];
        }

        var open = links[0].Action == StayFacilityTaskRequest.Open;
        var update = new StayFacilityUpdate(open ? StayStatuses.Accepting : StayStatuses.NotOpened, open ? before.Accepted : 0, null,
            null);
        var after = await facilities.WriteAsync(tx, actor, before, update, "stay-facility.task", task.Id, cancellationToken);
        await tx.ExecAsync("UPDATE ops.stay_facility_tasks SET applied_at = $2 WHERE task_id = $1", [task.Id, now.UtcDateTime],
            cancellationToken);
        return [StayFacilityChanges.Change(after)];
    }
}
