using Minato.Disaster.Results;
using System.Globalization;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Audit;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Tasks;

/// <summary>
/// Tasking: create, read (the caller's queue), acknowledge, change status, post to the thread, forward, and escalate
/// overdue tasks. Rules in <see cref="TaskRules"/>. Every write locks the task row, is audited in its transaction, and
/// is published live after commit. Times come from <see cref="TimeProvider"/>. What a task's status change does besides
/// (the stay facility an "open" task opens) is an <see cref="ITaskEffect"/>, run in the same transaction. Thread-safe.
/// </summary>
public sealed partial class TaskStore(NpgsqlDataSource db, TimeProvider time, ISituationBus bus, IEnumerable<ITaskEffect>? effects = null)
{
    private readonly ITaskEffect[] _effects = effects?.ToArray() ?? [];

    /// <summary>Tasks read at most per list call.</summary>
    public const int MaxList = 500;

    /// <summary>Creates a task from <paramref name="request"/> (already <see cref="NewTask.Validate"/>d) if the routing rules allow
    /// it.</summary>
    public Task<Outcome<TaskItem>> CreateAsync(Actor actor, NewTask request, CancellationToken cancellationToken = default) =>
        CreateAsync(actor, request, null, cancellationToken);

    /// <summary><see cref="CreateAsync(Actor, NewTask, CancellationToken)"/>; <paramref name="within"/> writes what belongs with
    /// the task (its id given) in the same transaction.</summary>
    public async Task<Outcome<TaskItem>> CreateAsync(Actor actor, NewTask request, Func<NpgsqlTransaction, long, Task>? within,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (request.Validate(now).Count > 0)
        {
            throw new ArgumentException("the request is not valid: validate it first", nameof(request));
        }

        if (TaskRules.UnitOf(actor) is not { } from)
        {
            return Outcome<TaskItem>.Fail(OutcomeStatus.Forbidden,
                $"a {actor.Role} token without its district/shelter claim cannot send tasks");
        }

        var to = request.To!.ToUnit();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var route = await RouteAsync(tx, request.Type!, from, to, cancellationToken);
        if (!route.Succeeded)
        {
            return route.As<TaskItem>();
        }

        var id = await InsertAsync(tx, actor, request, from, to, route.Value!, now, cancellationToken);
        if (within is not null)
        {
            await within(tx, id);
        }

        await AuditLog.AppendAsync(tx, actor.Audit("task.create", "task", Text(id), new
        {
            type = request.Type,
            priority = request.Priority ?? "normal",
            to = new { kind = to.Kind, id = to.Id },
            dueAt = request.DueAt,
        }), cancellationToken);
        return await CommitAsync(conn, tx, id, now, null, cancellationToken);
    }

    /// <summary>The district and centre a task concerns: who sees it besides HQ, and where its live change goes.</summary>
    private sealed record TaskScope(string? District, string? Shelter);

    // Checks that the addressee exists and that the routing rules let the sender reach it; returns the task's scope.
    private static async Task<Outcome<TaskScope>> RouteAsync(NpgsqlTransaction tx, string type, TaskUnit from, TaskUnit to,
        CancellationToken cancellationToken)
    {
        string? toShelterDistrict = null, fromShelterDistrict = null;
        if (to.Kind == TaskUnit.Shelter)
        {
            var (exists, shelterDistrict) = await ShelterDistrictAsync(tx, to.Id, cancellationToken);
            if (!exists)
            {
                return Outcome<TaskScope>.Invalid($"no shelter '{to.Id}' / 避難所が見つかりません");
            }

            toShelterDistrict = shelterDistrict;
        }
        else if (to.Kind == TaskUnit.Facility)
        {
            // A stay facility: the district HQ whose area it lies in sees its tasks too.
            var found = await tx.QueryAsync(
                """
                SELECT (SELECT d.id FROM gis.districts d WHERE ST_Intersects(d.geom, f.geom) ORDER BY d.id LIMIT 1)
                FROM gis.facilities f WHERE f.id = $1 AND f.kind = 'stay_facility'
                """, [long.Parse(to.Id, CultureInfo.InvariantCulture)], r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken);
            if (found.Count == 0)
            {
                return Outcome<TaskScope>.Invalid($"no stay facility '{to.Id}' / 一時滞在施設が見つかりません");
            }

            toShelterDistrict = found[0];
        }
        else if (to.Kind is TaskUnit.District or TaskUnit.Field
            && await tx.ScalarAsync("SELECT 1 FROM gis.districts WHERE id = $1", [to.Id], cancellationToken) is null)
        {
            return Outcome<TaskScope>.Invalid($"no district '{to.Id}' / 地区が見つかりません");
        }

        if (from.Kind == TaskUnit.Shelter)
        {
            fromShelterDistrict = (await ShelterDistrictAsync(tx, from.Id, cancellationToken)).District;
        }

        if (TaskRules.CheckCreate(type, from, to, fromShelterDistrict, toShelterDistrict) is { } refused)
        {
            return Outcome<TaskScope>.Forbidden(refused);
        }

        var district = from.Kind == TaskUnit.District ? from.Id
            : to.Kind is TaskUnit.District or TaskUnit.Field ? to.Id
            : fromShelterDistrict ?? toShelterDistrict; // a facility's district travels as toShelterDistrict
        return Outcome<TaskScope>.Ok(new TaskScope(district,
            from.Kind == TaskUnit.Shelter ? from.Id : to.Kind == TaskUnit.Shelter ? to.Id : null));
    }

    private static async Task<long> InsertAsync(NpgsqlTransaction tx, Actor actor, NewTask request, TaskUnit from, TaskUnit to,
        TaskScope scope, DateTimeOffset now, CancellationToken cancellationToken) =>
        (long)(await tx.ScalarAsync(
            """
            INSERT INTO ops.tasks (type, title, body, priority, due_at, from_kind, from_id, from_by, to_kind, to_id, district, shelter,
              created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id
            """,
            [request.Type!, request.Title!.Trim(), request.Body ?? "", request.Priority ?? "normal",
                Sql.Typed(NpgsqlDbType.TimestampTz, request.DueAt?.UtcDateTime), from.Kind, from.Id, actor.Subject, to.Kind, to.Id,
                Sql.Typed(NpgsqlDbType.Text, scope.District), Sql.Typed(NpgsqlDbType.Text, scope.Shelter), now.UtcDateTime],
            cancellationToken))!;

    /// <summary>One task, if the actor may see it. A read is audited (<c>task.read</c>, ids only).</summary>
    public async Task<Outcome<TaskItem>> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var task = (await QueryAsync(conn, null, Filter.ById(id), time.GetUtcNow(), cancellationToken)).FirstOrDefault();
        if (task is null || !TaskRules.CanView(actor, task))
        {
            return task is null
                ? Outcome<TaskItem>.Fail(OutcomeStatus.NotFound, $"no task '{id}'")
                : Outcome<TaskItem>.Fail(OutcomeStatus.Forbidden, NotYours(actor, task));
        }

        await AuditLog.AppendAsync(db, actor.Audit("task.read", "task", Text(id), new { taskIds = new[] { id } }), cancellationToken);
        return Outcome<TaskItem>.Ok(task);
    }

    /// <summary>
    /// The actor's queue: unfinished first; among them overdue first, then priority (urgent first), then due time
    /// (soonest first; none last). <paramref name="activeOnly"/> leaves out done and cancelled tasks. Audited as one
    /// <c>task.read</c> listing the ids returned.
    /// </summary>
    public async Task<IReadOnlyList<TaskItem>> ListAsync(Actor actor, bool activeOnly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        List<TaskItem> found;
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            found = await QueryAsync(conn, null, Filter.QueueOf(actor, activeOnly), time.GetUtcNow(), cancellationToken);
        }

        await AuditLog.AppendAsync(db, actor.Audit("task.read", "task", null, new { taskIds = found.Select(t => t.Id).ToArray() }),
            cancellationToken);
        return found;
    }

    /// <summary>Unfinished tasks and those that finished within <paramref name="recent"/> (start-up load of the live state).</summary>
    public async Task<IReadOnlyList<TaskItem>> LoadLiveAsync(TimeSpan recent, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(conn, null, Filter.Live(now - recent), now, cancellationToken);
    }

    /// <summary>Acknowledges a task (its addressee only).</summary>
    public Task<Outcome<TaskItem>> AcknowledgeAsync(Actor actor, long id, CancellationToken cancellationToken = default) =>
        SetStatusAsync(actor, id, TaskStatuses.Acknowledged, cancellationToken);

    /// <summary>
    /// Moves a task on: acknowledged (the addressee), in-progress and done (the addressee or HQ; acknowledging on the
    /// way if needed), cancelled (the sender or HQ). Done and cancelled are final.
    /// </summary>
    public Task<Outcome<TaskItem>> SetStatusAsync(Actor actor, long id, string status, CancellationToken cancellationToken = default)
    {
        var changes = new List<SituationChange>();
        return WriteAsync(actor, id, async (tx, task, now) =>
        {
            if (TaskRules.CheckStatus(actor, task, status) is { } refused)
            {
                return refused;
            }

            await tx.ExecAsync(
                """
                UPDATE ops.tasks SET status = $2, updated_at = $3,
                    acknowledged_at = CASE WHEN $2 <> 'cancelled' AND acknowledged_at IS NULL THEN $3 ELSE acknowledged_at END,
                    acknowledged_by = CASE WHEN $2 <> 'cancelled' AND acknowledged_at IS NULL THEN $4 ELSE acknowledged_by END
                WHERE id = $1
                """, [id, status, now.UtcDateTime, actor.Subject], cancellationToken);
            var action = status == TaskStatuses.Acknowledged ? "task.ack" : "task.status";
            await AuditLog.AppendAsync(tx, actor.Audit(action, "task", Text(id), new { from = task.Status, to = status }),
                cancellationToken);
            foreach (var effect in _effects)
            {
                changes.AddRange(await effect.ApplyAsync(tx, actor, task, status, now, cancellationToken));
            }

            return null;
        }, changes, cancellationToken);
    }

    /// <summary>Posts to the task's thread (anyone who may see the task).</summary>
    public Task<Outcome<TaskItem>> AddMessageAsync(Actor actor, long id, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(actor, id, async (tx, task, now) =>
        {
            var trimmed = text.Trim();
            if (trimmed.Length is 0 or > NewTask.MaxBody)
            {
                return (OutcomeStatus.Invalid, $"text must be 1–{NewTask.MaxBody} characters / 本文が不正です");
            }

            var messageId = await InsertMessageAsync(tx, id, now, actor.Subject, trimmed, cancellationToken);
            await tx.ExecAsync("UPDATE ops.tasks SET updated_at = $2 WHERE id = $1", [id, now.UtcDateTime], cancellationToken);
            // The text itself may name people: the audit row keeps its id and length only.
            await AuditLog.AppendAsync(tx, actor.Audit("task.message", "task", Text(id), new { messageId, length = trimmed.Length }),
                cancellationToken);
            return null;
        }, null, cancellationToken);
    }

    /// <summary>
    /// A district HQ forwards a centre's request addressed to it to HQ: HQ becomes the addressee (status back to open,
    /// to be acknowledged by HQ); the district keeps seeing the task; <paramref name="note"/> goes into the thread.
    /// </summary>
    public Task<Outcome<TaskItem>> ForwardAsync(Actor actor, long id, TaskUnit to, string? note,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        return WriteAsync(actor, id, async (tx, task, now) =>
        {
            if (actor.Role != MinatoClaims.DistrictRole || actor.District is null)
            {
                return (OutcomeStatus.Forbidden, "only a district HQ forwards a centre's request / 転送は地区本部のみ");
            }

            if (to.Kind != TaskUnit.Hq)
            {
                return (OutcomeStatus.Invalid, "a request is forwarded to HQ: to = {\"kind\":\"hq\"} / 転送先は本部です");
            }

            if (task.Forwarded is not null)
            {
                return (OutcomeStatus.Conflict,
                    $"task {task.Id} was already forwarded by {task.Forwarded.By} at {task.Forwarded.At:O} / 転送済みです");
            }

            if (task.Type != TaskStatuses.Request || task.To != new TaskUnit(TaskUnit.District, actor.District))
            {
                return (OutcomeStatus.Forbidden,
                    $"only a request addressed to district {actor.District} can be forwarded by it / 自地区宛の要請のみ転送できます");
            }

            if (TaskStatuses.IsFinal(task.Status))
            {
                return (OutcomeStatus.Conflict, $"task {task.Id} is already {task.Status} / このタスクは終了しています");
            }

            await tx.ExecAsync(
                """
                UPDATE ops.tasks SET to_kind = 'hq', to_id = 'hq', forwarded_from = $2, forwarded_by = $3, forwarded_at = $4,
                    status = 'open', acknowledged_at = NULL, acknowledged_by = NULL, updated_at = $4
                WHERE id = $1
                """, [id, actor.District, actor.Subject, now.UtcDateTime], cancellationToken);

            if (!string.IsNullOrWhiteSpace(note))
            {
                var trimmed = note.Trim();
                if (trimmed.Length > NewTask.MaxBody)
                {
                    return (OutcomeStatus.Invalid, $"note is limited to {NewTask.MaxBody} characters");
                }

                await InsertMessageAsync(tx, id, now, actor.Subject, trimmed, cancellationToken);
            }

            await AuditLog.AppendAsync(tx, actor.Audit("task.forward", "task", Text(id), new { from = actor.District, to = "hq",
                previousStatus = task.Status }), cancellationToken);
            return null;
        }, null, cancellationToken);
    }

    /// <summary>
    /// Escalates every task whose due time has passed at <paramref name="now"/> and that is neither done nor cancelled
    /// nor escalated yet: sets <c>escalated_at</c>, appends an audit row by <c>system</c>, publishes the change. Each task
    /// is escalated exactly once, even with several nodes sweeping (the update claims rows not yet escalated).
    /// </summary>
    /// <returns>The tasks escalated by this call.</returns>
    public async Task<IReadOnlyList<TaskItem>> EscalateDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var due = await tx.QueryAsync(
            """
            UPDATE ops.tasks SET escalated_at = $1, updated_at = $1
            WHERE id IN (SELECT id FROM ops.tasks
                         WHERE escalated_at IS NULL AND status NOT IN ('done', 'cancelled') AND due_at <= $1
                         ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED)
            RETURNING id, due_at
            """, [now.UtcDateTime], r => (Id: r.GetInt64(0), DueAt: r.GetFieldValue<DateTimeOffset>(1)), cancellationToken);
        var ids = new List<long>();
        foreach (var (id, dueAt) in due.OrderBy(d => d.Id))
        {
            ids.Add(id);
            await AuditLog.AppendAsync(tx, Actor.System.Audit("task.escalate", "task", Text(id), new { dueAt,
                overdueSeconds = (long)(now - dueAt).TotalSeconds }), cancellationToken);
        }

        if (ids.Count == 0)
        {
            await tx.RollbackAsync(cancellationToken);
            return [];
        }

        var tasks = await QueryAsync(conn, tx, Filter.ByIds(ids), now, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish(tasks.Select(TaskChanges.Change).ToList());
        return tasks;
    }

    private async Task<Outcome<TaskItem>> WriteAsync(
        Actor actor, long id, Func<NpgsqlTransaction, TaskItem, DateTimeOffset, Task<(OutcomeStatus, string)?>> apply,
        IReadOnlyList<SituationChange>? alsoPublish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var task = (await QueryAsync(conn, tx, Filter.ById(id, forUpdate: true), now, cancellationToken)).FirstOrDefault();
        if (task is null)
        {
            return Outcome<TaskItem>.Fail(OutcomeStatus.NotFound, $"no task '{id}'");
        }

        if (!TaskRules.CanView(actor, task))
        {
            return Outcome<TaskItem>.Fail(OutcomeStatus.Forbidden, NotYours(actor, task));
        }

        if (await apply(tx, task, now) is { } refused)
        {
            await tx.RollbackAsync(cancellationToken);
            return Outcome<TaskItem>.Fail(refused.Item1, refused.Item2);
        }

        return await CommitAsync(conn, tx, id, now, alsoPublish, cancellationToken);
    }

    private async Task<Outcome<TaskItem>> CommitAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTimeOffset now,
        IReadOnlyList<SituationChange>? alsoPublish, CancellationToken cancellationToken)
    {
        var task = (await QueryAsync(conn, tx, Filter.ById(id), now, cancellationToken)).First();
        await tx.CommitAsync(cancellationToken);
        bus.Publish([TaskChanges.Change(task), .. alsoPublish ?? []]);
        return Outcome<TaskItem>.Ok(task);
    }

    private static string NotYours(Actor actor, TaskItem task) =>
        $"task {task.Id} does not concern {actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} / このタスクを扱う権限がありません";

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> InsertMessageAsync(
        NpgsqlTransaction tx, long id, DateTimeOffset now, string by, string text, CancellationToken cancellationToken) =>
        (long)(await tx.ScalarAsync("INSERT INTO ops.task_messages (task_id, at, by, text) VALUES ($1, $2, $3, $4) RETURNING id",
            [id, now.UtcDateTime, by, text], cancellationToken))!;

    private static async Task<(bool Exists, string? District)> ShelterDistrictAsync(
        NpgsqlTransaction tx, string shelterId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(shelterId, NumberStyles.None, CultureInfo.InvariantCulture, out var facility))
        {
            return (false, null);
        }

        var found = await tx.QueryAsync(
            """
            SELECT (SELECT d.id FROM gis.districts d WHERE ST_Intersects(d.geom, f.geom) ORDER BY d.id LIMIT 1)
            FROM gis.facilities f WHERE f.id = $1 AND f.kind = 'shelter'
            """, [facility], r => r.IsDBNull(0) ? null : r.GetString(0), cancellationToken);
        return found.Count > 0 ? (true, found[0]) : (false, null);
    }
}
