using Minato.Disaster.Results;
using System.Text.Json;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Audit;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;
using Minato.Disaster.Geo;

namespace Minato.Disaster.Shelters;

/// <summary>
/// Shelters: list, open, close and report counts. Who may edit a centre: HQ, the centre's own staff (shelter
/// token with its id) and the district HQ of the district the centre lies in. Every write is audited in its
/// transaction, kept in <c>ops.shelter_status_history</c>, and published live after commit. Editing a centre never
/// publishes a resident alert (that is an explicit act of the alerts API). Thread-safe.
/// </summary>
public sealed class ShelterStore(NpgsqlDataSource db, TimeProvider time, ISituationBus bus)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string CentreColumns =
        """
        f.id, f.name, f.address, f.welfare_shelter, ST_X(f.geom), ST_Y(f.geom),
        (SELECT d.id FROM gis.districts d WHERE ST_Intersects(d.geom, f.geom) ORDER BY d.id LIMIT 1) AS district,
        coalesce(s.open, false) AS is_open, s.opened_at, s.closed_at, coalesce(s.capacity, f.capacity),
        coalesce(s.headcount, 0), coalesce(s.households, 0), coalesce(s.wheelchair, 0), coalesce(s.infants, 0),
        coalesce(s.pets, 0), coalesce(s.medical, 0), coalesce(s.supplies, '[]')::text, s.updated_at, s.updated_by,
        coalesce(s.counts_source, 'manual')
        """;

    internal const string ListSql =
        $"""
        SELECT * FROM (
            SELECT {CentreColumns}
            FROM gis.facilities f LEFT JOIN ops.shelter_status s ON s.facility_id = f.id
            WHERE f.kind = 'shelter' AND ($1::bigint IS NULL OR f.id = $1)) c
        WHERE ($2::text IS NULL OR c.district = $2) AND ($3::boolean IS NULL OR c.is_open = $3)
        ORDER BY 1
        """;

    /// <summary>Centres, optionally of one district and/or only open (or only closed) ones, by id.</summary>
    public async Task<IReadOnlyList<Shelter>> ListAsync(string? district, bool? open, CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(conn, null, null, district, open, cancellationToken);
    }

    public async Task<Shelter?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!TryParseId(id, out var facility))
        {
            return null;
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(conn, null, facility, null, null, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The state changes of a centre, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<ShelterHistoryEntry>> HistoryAsync(string id, int limit, CancellationToken cancellationToken = default)
    {
        if (!TryParseId(id, out var facility))
        {
            return [];
        }

        await using var cmd = db.CreateCommand(
            """
            SELECT action, at, by, open, capacity, headcount, households, needs::text, supplies::text
            FROM ops.shelter_status_history WHERE facility_id = $1 ORDER BY id DESC LIMIT $2
            """);
        cmd.Parameters.AddWithValue(facility);
        cmd.Parameters.AddWithValue(limit);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<ShelterHistoryEntry>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new ShelterHistoryEntry(
                r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetInt32(4),
                r.GetInt32(5), r.GetInt32(6), JsonSerializer.Deserialize<ShelterNeeds>(r.GetString(7), Json)!,
                JsonSerializer.Deserialize<List<SupplyNeed>>(r.GetString(8), Json)!));
        }

        return list;
    }

    /// <summary>Opens a centre (開設): counts start from zero. Opening an open centre changes nothing and returns it.</summary>
    public Task<Outcome<Shelter>> OpenAsync(Actor actor, string id, CancellationToken cancellationToken = default) =>
        WriteAsync(actor, id, "open", async (conn, tx, centre, now) =>
        {
            if (centre.Open)
            {
                return (null, null); // idempotent: a retried open (flaky tablet link) is not a second opening
            }

            await tx.ExecAsync(
                """
                UPDATE ops.shelter_status SET open = true, opened_at = $2, closed_at = NULL, headcount = 0, households = 0,
                    wheelchair = 0, infants = 0, pets = 0, medical = 0, supplies = '[]', updated_at = $2, updated_by = $3
                WHERE facility_id = $1
                """, [FacilityId(centre), now, actor.Subject], cancellationToken);
            return (new { open = true }, null);
        }, cancellationToken);

    /// <summary>Closes a centre (閉鎖); its last counts are kept, and every household still checked in there is checked out.
    /// Closing a closed centre changes nothing and returns it.</summary>
    public Task<Outcome<Shelter>> CloseAsync(Actor actor, string id, CancellationToken cancellationToken = default) =>
        WriteAsync(actor, id, "close", async (conn, tx, centre, now) =>
        {
            if (!centre.Open)
            {
                return (null, null);
            }

            await tx.ExecAsync(
                "UPDATE ops.shelter_status SET open = false, closed_at = $2, updated_at = $2, updated_by = $3 WHERE facility_id = $1",
                [FacilityId(centre), now, actor.Subject], cancellationToken);
            // Nobody stays checked in at a closed centre (安否 would say they are there); its last counts are kept.
            var checkedOut = await tx.ExecAsync(
                """
                UPDATE ops.checkins SET checked_out_at = $2, checked_out_by = $3, out_reason = 'closed'
                WHERE facility_id = $1 AND checked_out_at IS NULL
                """, [FacilityId(centre), now, actor.Subject], cancellationToken);
            return (new { open = false, headcount = centre.Headcount, checkedOut }, null);
        }, cancellationToken);

    /// <summary>Replaces the counts and needs of an open centre; <paramref name="update"/> must have passed <see
    /// cref="ShelterStatusUpdate.Validate"/>.</summary>
    public Task<Outcome<Shelter>> UpdateStatusAsync(Actor actor, string id, ShelterStatusUpdate update,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Validate().Count > 0)
        {
            throw new ArgumentException("the update is not valid: validate it first", nameof(update));
        }

        return WriteAsync(actor, id, "update", async (conn, tx, centre, now) =>
        {
            if (!centre.Open)
            {
                return (null, $"centre {centre.Id} ({centre.Name}) is closed: open it before reporting counts / 避難所が開設されていません");
            }

            var needs = update.NeedsOrNone();
            var supplies = update.SuppliesOrNone();
            await tx.ExecAsync(
                """
                UPDATE ops.shelter_status SET capacity = coalesce($2, capacity), headcount = $3, households = $4, wheelchair = $5,
                    infants = $6, pets = $7, medical = $8, supplies = $9, updated_at = $10, updated_by = $11,
                    counts_source = 'manual'
                WHERE facility_id = $1
                """,
                [FacilityId(centre), Sql.Typed(NpgsqlDbType.Integer, update.Capacity), update.Headcount!.Value, update.Households!.Value,
                    needs.Wheelchair, needs.Infants, needs.Pets, needs.Medical,
                    Sql.Typed(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(supplies, Json)), now, actor.Subject], cancellationToken);
            // Counts and needs are not personal data (no names); the audit row names what changed.
            return (new
            {
                changed = Changed(centre, update, needs, supplies),
                capacity = update.Capacity,
                headcount = update.Headcount,
                households = update.Households,
            }, null);
        }, cancellationToken);
    }

    /// <summary>HQ, the centre's own staff, or the district HQ of the centre's district.</summary>
    public static bool CanEdit(Actor actor, Shelter centre)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(centre);
        return actor.IsHq || actor.CanActForShelter(centre.Id) || (centre.District is not null && actor.CanActForDistrict(centre.District));
    }

    private async Task<Outcome<Shelter>> WriteAsync(
        Actor actor, string id, string action,
            Func<NpgsqlConnection, NpgsqlTransaction, Shelter, DateTime, Task<(object? Details, string? Conflict)>> apply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!TryParseId(id, out var facility))
        {
            return Outcome<Shelter>.Fail(OutcomeStatus.NotFound, $"no shelter '{id}'");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await tx.ExecAsync(
            """
            INSERT INTO ops.shelter_status (facility_id, updated_at, updated_by)
            SELECT id, $2, $3 FROM gis.facilities WHERE id = $1 AND kind = 'shelter' ON CONFLICT DO NOTHING
            """, [facility, now, actor.Subject], cancellationToken);

        var centre = (await QueryAsync(conn, tx, facility, null, null, cancellationToken, forUpdate: true)).FirstOrDefault();
        if (centre is null)
        {
            return Outcome<Shelter>.Fail(OutcomeStatus.NotFound, $"no shelter '{id}'");
        }

        if (!CanEdit(actor, centre))
        {
            return Outcome<Shelter>.Fail(OutcomeStatus.Forbidden,
                $"{actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} may not edit centre {centre.Id} " +
                    $"({centre.District ?? "no district"})");
        }

        var (details, conflict) = await apply(conn, tx, centre, now);
        if (conflict is not null)
        {
            return Outcome<Shelter>.Fail(OutcomeStatus.Conflict, conflict);
        }

        if (details is null)
        {
            await tx.RollbackAsync(cancellationToken);
            return Outcome<Shelter>.Ok(centre);
        }

        var after = (await QueryAsync(conn, tx, facility, null, null, cancellationToken)).First();
        await AppendHistoryAsync(tx, facility, action, now, actor.Subject, after, cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("shelter." + action, "shelter", after.Id, details), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([ShelterChanges.Change(after)]);
        return Outcome<Shelter>.Ok(after);
    }

    /// <summary>
    /// Derives a centre's headcount, households and needs from its open check-ins (<c>ops.checkins</c>), in the caller's
    /// transaction, marks its counts as coming from check-in, and keeps the change in the history. The caller has locked the
    /// centre's status row, commits, and then publishes the returned centre (<see cref="Publish"/>). Null when the centre has no
    /// status row (never opened).
    /// </summary>
    internal async Task<Shelter?> RecountFromCheckInsAsync(NpgsqlTransaction tx, long facility, string by,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var now = time.GetUtcNow().UtcDateTime;
        var updated = await tx.ExecAsync(
            """
            UPDATE ops.shelter_status s SET headcount = c.headcount, households = c.households, wheelchair = c.wheelchair,
                infants = c.infants, pets = c.pets, medical = c.medical, counts_source = 'check-in', updated_at = $2, updated_by = $3
            FROM (SELECT coalesce(sum(e.household_size), 0)::int AS headcount, count(*)::int AS households,
                         coalesce(sum(e.wheelchair), 0)::int AS wheelchair, coalesce(sum(e.infants), 0)::int AS infants,
                         coalesce(sum(e.pets), 0)::int AS pets, coalesce(sum(e.medical), 0)::int AS medical
                  FROM ops.checkins k JOIN ops.evacuees e ON e.id = k.evacuee_id
                  WHERE k.facility_id = $1 AND k.checked_out_at IS NULL) c
            WHERE s.facility_id = $1
            """, [facility, now, by], cancellationToken);
        if (updated == 0)
        {
            return null;
        }

        var after = (await QueryAsync(tx.Connection!, tx, facility, null, null, cancellationToken)).First();
        await AppendHistoryAsync(tx, facility, "update", now, by, after, cancellationToken);
        return after;
    }

    /// <summary>Publishes a centre's state live (after the transaction that changed it committed).</summary>
    internal void Publish(Shelter centre) => bus.Publish([ShelterChanges.Change(centre)]);

    private static async Task AppendHistoryAsync(NpgsqlTransaction tx, long facility, string action, DateTime now, string by,
        Shelter after, CancellationToken cancellationToken)
    {
        await tx.ExecAsync(
            """
            INSERT INTO ops.shelter_status_history (facility_id, action, at, by, open, capacity, headcount, households, needs, supplies)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [facility, action, now, by, after.Open, Sql.Typed(NpgsqlDbType.Integer, after.Capacity), after.Headcount,
                after.Households, Sql.Typed(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(after.Needs, Json)),
                Sql.Typed(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(after.Supplies, Json))], cancellationToken);
    }

    private static async Task<List<Shelter>> QueryAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, long? id, string? district, bool? open, CancellationToken cancellationToken,
        bool forUpdate = false)
    {
        // FOR UPDATE locks the status row (created just before) so concurrent writers of one centre take turns.
        var sql = forUpdate
            ? $"SELECT {CentreColumns} FROM gis.facilities f JOIN ops.shelter_status s ON s.facility_id = f.id WHERE f.kind = 'shelter' " +
                $"AND f.id = $1 FOR UPDATE OF s"
            : ListSql;
        object?[] values = forUpdate
            ? [Sql.Typed(NpgsqlDbType.Bigint, id)]
            : [Sql.Typed(NpgsqlDbType.Bigint, id), Sql.Typed(NpgsqlDbType.Text, district), Sql.Typed(NpgsqlDbType.Boolean, open)];
        await using var cmd = Sql.Command(conn, sql, tx, values);
        return [.. await cmd.ReadAllAsync(ReadCentre, cancellationToken)];
    }

    private static Shelter ReadCentre(NpgsqlDataReader r) =>
        new(
            r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture), r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2), r.GetBoolean(3), r.IsDBNull(6) ? null : r.GetString(6),
            PointGeometry.Of(r.GetDouble(4), r.GetDouble(5)), r.GetBoolean(7),
            r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
            r.IsDBNull(10) ? null : r.GetInt32(10), r.GetInt32(11), r.GetInt32(12),
            new ShelterNeeds(r.GetInt32(13), r.GetInt32(14), r.GetInt32(15), r.GetInt32(16)),
            JsonSerializer.Deserialize<List<SupplyNeed>>(r.GetString(17), Json)!,
            r.IsDBNull(18) ? null : r.GetFieldValue<DateTimeOffset>(18), r.IsDBNull(19) ? null : r.GetString(19), r.GetString(20));

    private static long FacilityId(Shelter centre) => long.Parse(centre.Id, System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Changed(Shelter before, ShelterStatusUpdate update, ShelterNeeds needs, IReadOnlyList<SupplyNeed> supplies)
    {
        var changed = new List<string>();
        if (update.Capacity is { } c && c != before.Capacity)
        {
            changed.Add("capacity");
        }

        if (update.Headcount != before.Headcount)
        {
            changed.Add("headcount");
        }

        if (update.Households != before.Households)
        {
            changed.Add("households");
        }

        if (needs != before.Needs)
        {
            changed.Add("needs");
        }

        if (!supplies.SequenceEqual(before.Supplies))
        {
            changed.Add("supplies");
        }

        return changed;
    }

    private static bool TryParseId(string id, out long facility) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out facility)
            && facility > 0;
}
