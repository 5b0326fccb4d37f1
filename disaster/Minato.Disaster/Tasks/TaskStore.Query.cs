using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.Tasks;

/// <summary>Reading tasks: one SQL text per filter, composed from fixed fragments; values are parameters.</summary>
public sealed partial class TaskStore
{
    internal const string QueueOrder =
        """
        ORDER BY (t.status IN ('done', 'cancelled')),
                 coalesce(t.due_at <= $1 AND t.status NOT IN ('done', 'cancelled'), false) DESC,
                 array_position(ARRAY['low', 'normal', 'high', 'urgent'], t.priority) DESC,
                 t.due_at NULLS LAST, t.id
        """;

    private const string Columns =
        """
        t.id, t.type, t.title, t.body, t.priority, t.due_at, t.status, t.from_kind, t.from_id, t.from_by, t.to_kind, t.to_id,
        t.district, t.shelter, t.forwarded_from, t.forwarded_by, t.forwarded_at, t.acknowledged_at, t.acknowledged_by,
        t.escalated_at, t.created_at, t.updated_at
        """;

    private static string SelectSql(Filter filter) =>
        $"SELECT {Columns} FROM ops.tasks t WHERE {filter.Where} {QueueOrder} LIMIT " +
            $"{MaxList}{(filter.ForUpdate ? " FOR UPDATE OF t" : "")}";

    // The tasks of the filter with their threads, read in tx when given.
    private static async Task<List<TaskItem>> QueryAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, Filter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<TaskItem> rows;
        await using (var cmd = Sql.Command(conn, SelectSql(filter), tx, [now.UtcDateTime, .. filter.Args]))
        {
            rows = await cmd.ReadAllAsync(r => ReadTask(r, now), cancellationToken);
        }

        if (rows.Count == 0)
        {
            return [];
        }

        IReadOnlyList<(long TaskId, TaskMessage Message)> messages;
        await using (var cmd = Sql.Command(conn, "SELECT task_id, at, by, text FROM ops.task_messages WHERE task_id = ANY($1) " +
            "ORDER BY id", tx, [rows.Select(t => t.Id).ToArray()]))
        {
            messages = await cmd.ReadAllAsync(
                r => (r.GetInt64(0), new TaskMessage(r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3))),
                cancellationToken);
        }

        var threads = messages.ToLookup(m => m.TaskId, m => m.Message);
        return rows.Select(t => threads.Contains(t.Id) ? t with { Messages = threads[t.Id].ToList() } : t).ToList();
    }

    private static TaskItem ReadTask(NpgsqlDataReader r, DateTimeOffset now)
    {
        var status = r.GetString(6);
        DateTimeOffset? due = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5);
        return new TaskItem(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), due, status,
            new TaskParty(r.GetString(7), r.GetString(8), r.GetString(9)), new TaskUnit(r.GetString(10), r.GetString(11)),
            r.IsDBNull(12) ? null : r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13),
            r.IsDBNull(14) ? null : new TaskForwarding(r.GetString(14), r.GetString(15), r.GetFieldValue<DateTimeOffset>(16)),
            r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17), r.IsDBNull(18) ? null : r.GetString(18),
            !TaskStatuses.IsFinal(status) && due <= now,
            r.IsDBNull(19) ? null : r.GetFieldValue<DateTimeOffset>(19), [],
            r.GetFieldValue<DateTimeOffset>(20), r.GetFieldValue<DateTimeOffset>(21));
    }

    /// <summary>A WHERE fragment ($2… are <see cref="Args"/>; $1 is always "now").</summary>
    internal sealed record Filter(string Where, object[] Args, bool ForUpdate = false)
    {
        private const string Unfinished = "t.status NOT IN ('done', 'cancelled')";

        public static Filter ById(long id, bool forUpdate = false) => new("t.id = $2", [id], forUpdate);

        public static Filter ByIds(IReadOnlyList<long> ids) => new("t.id = ANY($2)", [ids.ToArray()]);

        public static Filter Live(DateTimeOffset since) => new($"({Unfinished} OR t.updated_at >= $2)", [since.UtcDateTime]);

        public static Filter QueueOf(Actor actor, bool activeOnly)
        {
            var (where, args) = actor.Role switch
            {
                MinatoClaims.Hq => ("true", Array.Empty<object>()),
                MinatoClaims.DistrictRole when actor.District is { } d => ("t.district = $2", [d]),
                MinatoClaims.ShelterRole when actor.Shelter is { } s => ("t.shelter = $2", [s]),
                MinatoClaims.Field when actor.District is { } d => ("t.to_kind = 'field' AND t.to_id = $2", [d]),
                MinatoClaims.FacilityRole when actor.Facility is { } f => ("t.to_kind = 'facility' AND t.to_id = $2", [f]),
                _ => ("false", []),
            };
            return new Filter(activeOnly ? $"{where} AND {Unfinished}" : where, args);
        }
    }
}
