using Minato.Disaster.Results;
using System.Globalization;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Tasks;

/// <summary>
/// Tasking: create, read (the caller's queue), acknowledge, change status, post to the thread, forward, and escalate
/// overdue tasks. Rules in <see cref="TaskRules"/>. Every write locks the task row, is audited in its transaction, and
/// is published live after commit. Times come from <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed partial class TaskStore(NpgsqlDataSource db, TimeProvider time, ISituationBus bus)
{
    /// <summary>Tasks read at most per list call.</summary>
    public const int MaxList = 500;

    /// <summary>Creates a task from <paramref name="request"/> (already <see cref="NewTask.Validate"/>d) if the routing rules allow
    /// it.</summary>
    public async Task<Outcome<TaskItem>> CreateAsync(Actor actor, NewTask request, CancellationToken cancellationToken = default)
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
        string? toShelterDistrict = null, fromShelterDistrict = null;
        if (to.Kind == TaskUnit.Shelter)
        {
            var (exists, shelterDistrict) = await ShelterDistrictAsync(conn, tx, to.Id, cancellationToken);
            if (!exists)
            {
                return Outcome<TaskItem>.Fail(OutcomeStatus.Invalid, $"no shelter '{to.Id}' / 避難所が見つかりません");
            }

            toShelterDistrict = shelterDistrict;
        }
        else if (to.Kind is TaskUnit.District or TaskUnit.Field && !await DistrictExistsAsync(conn, tx, to.Id, cancellationToken))
        {
            return Outcome<TaskItem>.Fail(OutcomeStatus.Invalid, $"no district '{to.Id}' / 地区が見つかりません");
        }

        if (from.Kind == TaskUnit.Shelter)
        {
            fromShelterDistrict = (await ShelterDistrictAsync(conn, tx, from.Id, cancellationToken)).District;
        }

        if (TaskRules.CheckCreate(request.Type!, from, to, fromShelterDistrict, toShelterDistrict) is { } refused)
        {
            return Outcome<TaskItem>.Fail(OutcomeStatus.Forbidden, refused);
        }

        // The district and centre the task concerns: who sees it besides HQ, and where its live change goes.
        var district = from.Kind == TaskUnit.District ? from.Id
            : to.Kind is TaskUnit.District or TaskUnit.Field ? to.Id
            : fromShelterDistrict ?? toShelterDistrict;
        var shelter = from.Kind == TaskUnit.Shelter ? from.Id : to.Kind == TaskUnit.Shelter ? to.Id : null;

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO ops.tasks (type, title, body, priority, due_at, from_kind, from_id, from_by, to_kind, to_id, district, shelter,
              created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id
            """, conn, tx);
        insert.Parameters.AddWithValue(request.Type!);
        insert.Parameters.AddWithValue(request.Title!.Trim());
        insert.Parameters.AddWithValue(request.Body ?? "");
        insert.Parameters.AddWithValue(request.Priority ?? "normal");
        insert.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)request.DueAt?.UtcDateTime ?? DBNull.Value);
        insert.Parameters.AddWithValue(from.Kind);
        insert.Parameters.AddWithValue(from.Id);
        insert.Parameters.AddWithValue(actor.Subject);
        insert.Parameters.AddWithValue(to.Kind);
        insert.Parameters.AddWithValue(to.Id);
        insert.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)district ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)shelter ?? DBNull.Value);
        insert.Parameters.AddWithValue(now.UtcDateTime);
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await AuditLog.AppendAsync(tx, actor.Audit("task.create", "task", Text(id), new
        {
            type = request.Type,
            priority = request.Priority ?? "normal",
            to = new { kind = to.Kind, id = to.Id },
            dueAt = request.DueAt,
        }), cancellationToken);
        return await CommitAsync(conn, tx, id, now, cancellationToken);
    }

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
    public Task<Outcome<TaskItem>> SetStatusAsync(Actor actor, long id, string status, CancellationToken cancellationToken = default) =>
        WriteAsync(actor, id, async (conn, tx, task, now) =>
        {
            if (TaskRules.CheckStatus(actor, task, status) is { } refused)
            {
                return refused;
            }

            await using var cmd = new NpgsqlCommand(
                """
                UPDATE ops.tasks SET status = $2, updated_at = $3,
                    acknowledged_at = CASE WHEN $2 <> 'cancelled' AND acknowledged_at IS NULL THEN $3 ELSE acknowledged_at END,
                    acknowledged_by = CASE WHEN $2 <> 'cancelled' AND acknowledged_at IS NULL THEN $4 ELSE acknowledged_by END
                WHERE id = $1
                """, conn, tx);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(status);
            cmd.Parameters.AddWithValue(now.UtcDateTime);
            cmd.Parameters.AddWithValue(actor.Subject);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
            var action = status == TaskStatuses.Acknowledged ? "task.ack" : "task.status";
            await AuditLog.AppendAsync(tx, actor.Audit(action, "task", Text(id), new { from = task.Status, to = status }),
                cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Posts to the task's thread (anyone who may see the task).</summary>
    public Task<Outcome<TaskItem>> AddMessageAsync(Actor actor, long id, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(actor, id, async (conn, tx, task, now) =>
        {
            var trimmed = text.Trim();
            if (trimmed.Length is 0 or > NewTask.MaxBody)
            {
                return (OutcomeStatus.Invalid, $"text must be 1–{NewTask.MaxBody} characters / 本文が不正です");
            }

            var messageId = await InsertMessageAsync(conn, tx, id, now, actor.Subject, trimmed, cancellationToken);
            await TouchAsync(conn, tx, id, now, cancellationToken);
            // The text itself may name people: the audit row keeps its id and length only.
            await AuditLog.AppendAsync(tx, actor.Audit("task.message", "task", Text(id), new { messageId, length = trimmed.Length }),
                cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>
    /// A district HQ forwards a centre's request addressed to it to HQ: HQ becomes the addressee (status back to open,
    /// to be acknowledged by HQ); the district keeps seeing the task; <paramref name="note"/> goes into the thread.
    /// </summary>
    public Task<Outcome<TaskItem>> ForwardAsync(Actor actor, long id, TaskUnit to, string? note,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        return WriteAsync(actor, id, async (conn, tx, task, now) =>
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

            await using (var cmd = new NpgsqlCommand(
                """
                UPDATE ops.tasks SET to_kind = 'hq', to_id = 'hq', forwarded_from = $2, forwarded_by = $3, forwarded_at = $4,
                    status = 'open', acknowledged_at = NULL, acknowledged_by = NULL, updated_at = $4
                WHERE id = $1
                """, conn, tx))
            {
                cmd.Parameters.AddWithValue(id);
                cmd.Parameters.AddWithValue(actor.District);
                cmd.Parameters.AddWithValue(actor.Subject);
                cmd.Parameters.AddWithValue(now.UtcDateTime);
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }

            if (!string.IsNullOrWhiteSpace(note))
            {
                var trimmed = note.Trim();
                if (trimmed.Length > NewTask.MaxBody)
                {
                    return (OutcomeStatus.Invalid, $"note is limited to {NewTask.MaxBody} characters");
                }

                await InsertMessageAsync(conn, tx, id, now, actor.Subject, trimmed, cancellationToken);
            }

            await AuditLog.AppendAsync(tx, actor.Audit("task.forward", "task", Text(id), new { from = actor.District, to = "hq",
                previousStatus = task.Status }), cancellationToken);
            return null;
        }, cancellationToken);
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
        var ids = new List<long>();
        await using (var cmd = new NpgsqlCommand(
            """
            UPDATE ops.tasks SET escalated_at = $1, updated_at = $1
            WHERE id IN (SELECT id FROM ops.tasks
                         WHERE escalated_at IS NULL AND status NOT IN ('done', 'cancelled') AND due_at <= $1
                         ORDER BY due_at LIMIT 200 FOR UPDATE SKIP LOCKED)
            RETURNING id, due_at
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(now.UtcDateTime);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            var due = new List<(long Id, DateTimeOffset DueAt)>();
            while (await r.ReadAsync(cancellationToken))
            {
                due.Add((r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1)));
            }

            await r.CloseAsync();
            foreach (var (id, dueAt) in due.OrderBy(d => d.Id))
            {
                ids.Add(id);
                await AuditLog.AppendAsync(tx, Actor.System.Audit("task.escalate", "task", Text(id), new { dueAt,
                    overdueSeconds = (long)(now - dueAt).TotalSeconds }), cancellationToken);
            }
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
        Actor actor, long id, Func<NpgsqlConnection, NpgsqlTransaction, TaskItem, DateTimeOffset, Task<(OutcomeStatus, string)?>> apply,
        CancellationToken cancellationToken)
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

        if (await apply(conn, tx, task, now) is { } refused)
        {
            await tx.RollbackAsync(cancellationToken);
            return Outcome<TaskItem>.Fail(refused.Item1, refused.Item2);
        }

        return await CommitAsync(conn, tx, id, now, cancellationToken);
    }

    private async Task<Outcome<TaskItem>> CommitAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var task = (await QueryAsync(conn, tx, Filter.ById(id), now, cancellationToken)).First();
        await tx.CommitAsync(cancellationToken);
        bus.Publish([TaskChanges.Change(task)]);
        return Outcome<TaskItem>.Ok(task);
    }

    private static string NotYours(Actor actor, TaskItem task) =>
        $"task {task.Id} does not concern {actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} / このタスクを扱う権限がありません";

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> InsertMessageAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTimeOffset now, string by, string text,
            CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO ops.task_messages (task_id, at, by, text) VALUES ($1, $2, $3, $4) RETURNING id", conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        cmd.Parameters.AddWithValue(by);
        cmd.Parameters.AddWithValue(text);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task TouchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("UPDATE ops.tasks SET updated_at = $2 WHERE id = $1", conn, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<(bool Exists, string? District)> ShelterDistrictAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, string shelterId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(shelterId, NumberStyles.None, CultureInfo.InvariantCulture, out var facility))
        {
            return (false, null);
        }

        await using var cmd = new NpgsqlCommand(
            """
            SELECT (SELECT d.id FROM gis.districts d WHERE ST_Intersects(d.geom, f.geom) ORDER BY d.id LIMIT 1)
            FROM gis.facilities f WHERE f.id = $1 AND f.kind = 'shelter'
            """, conn, tx);
        cmd.Parameters.AddWithValue(facility);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? (true, r.IsDBNull(0) ? null : r.GetString(0)) : (false, null);
    }

    private static async Task<bool> DistrictExistsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string district,
        CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT 1 FROM gis.districts WHERE id = $1", conn, tx);
        cmd.Parameters.AddWithValue(district);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
