using Minato.Disaster.Results;
using Minato.Disaster.Recovery.Surveys;
using Minato.Disaster.Security;
using Minato.Audit;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;
using Minato.Disaster.Text;

namespace Minato.Disaster.Recovery.Ledger;

/// <summary>
/// The victim ledger (被災者台帳, 災害対策基本法 §90-3): households, their buildings, certificates and support. Every
/// write commits with its audit row; every read (list or detail) appends one <c>ledger.read</c> row naming the
/// households read, in the transaction of the read, so nothing is returned unless its reading is recorded. Audit
/// details hold ids and field names only, never the personal data. Thread-safe.
/// </summary>
public sealed class LedgerStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string Entity = "ledger";

    public async Task<Outcome<Household>> CreateAsync(Actor actor, HouseholdInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.households (head_name, head_name_kana, members, address, contact, special_needs, note,
                                        created_at, created_by, updated_at, updated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9) RETURNING id
            """, conn, tx);
        AddFields(cmd, input);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(actor.Subject);
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        await AuditLog.AppendAsync(tx, actor.Audit("ledger.create", Entity, Text(id), new { householdId = id }), cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Created(household!);
    }

    /// <summary>Replaces the household's fields; a stale <see cref="HouseholdInput.Version"/> is a conflict.</summary>
    public async Task<Outcome<Household>> UpdateAsync(Actor actor, long id, HouseholdInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var before = await LoadAsync(conn, tx, id, cancellationToken, forUpdate: true);
        if (before is null)
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"no household {id}");
        }

        if (input.Version is { } expected && expected != before.Version)
        {
            return Outcome<Household>.Fail(OutcomeStatus.Conflict,
                $"household {id} is at version {before.Version}, not {expected}: someone changed it since you read it; reload and edit " +
                    $"again");
        }

        string?[] old = [before.HeadName, before.HeadNameKana, Text(before.Members), before.Address, before.Contact, before.SpecialNeeds,
            before.Note];
        string?[] @new = [input.HeadName!.Trim(), Trim(input.HeadNameKana), Text(input.Members!.Value), input.Address!.Trim(), Trim(
            input.Contact),
            Trim(input.SpecialNeeds), Trim(input.Note)];
        string[] names = ["headName", "headNameKana", "members", "address", "contact", "specialNeeds", "note"];
        var changed = names.Where((_, i) => !string.Equals(old[i], @new[i], StringComparison.Ordinal)).ToArray();
        if (changed.Length == 0)
        {
            return Outcome<Household>.Ok(before);
        }

        await using (var cmd = new NpgsqlCommand(
            """
            UPDATE ops.households SET head_name = $1, head_name_kana = $2, members = $3, address = $4, contact = $5, special_needs = $6,
                note = $7, updated_at = $8, updated_by = $9, version = version + 1
            WHERE id = $10
            """, conn, tx))
        {
            AddFields(cmd, input);
            cmd.Parameters.AddWithValue(time.GetUtcNow());
            cmd.Parameters.AddWithValue(actor.Subject);
            cmd.Parameters.AddWithValue(id);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.AppendAsync(tx, actor.Audit("ledger.update", Entity, Text(id), new { householdId = id, changed }),
            cancellationToken);
        var after = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(after!);
    }

    /// <summary>Deletes a household entered by mistake; one with certificates or support is a record and is kept (conflict).</summary>
    public async Task<Outcome<Household>> DeleteAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken, forUpdate: true);
        if (household is null)
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"no household {id}");
        }

        if (household.Certificates.Count > 0 || household.Support.Count > 0)
        {
            return Outcome<Household>.Fail(OutcomeStatus.Conflict,
                $"household {id} has {household.Certificates.Count} certificate(s) and {household.Support.Count} support record(s): the " +
                    $"ledger keeps it");
        }

        await tx.ExecAsync("DELETE FROM ops.household_buildings WHERE household_id = $1", [id], cancellationToken);
        await tx.ExecAsync("DELETE FROM ops.households WHERE id = $1", [id], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("ledger.delete", Entity, Text(id), new { householdId = id }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(household);
    }

    /// <summary>Links a surveyed building to a household (idempotent).</summary>
    public async Task<Outcome<Household>> LinkBuildingAsync(Actor actor, long id, long buildingId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (await LoadAsync(conn, tx, id, cancellationToken, forUpdate: true) is null)
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"no household {id}");
        }

        await using (var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.household_buildings (household_id, building_id, linked_at, linked_by)
            SELECT $1, b.id, $3, $4 FROM ops.buildings b WHERE b.id = $2
            ON CONFLICT DO NOTHING
            RETURNING 1
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(buildingId);
            cmd.Parameters.AddWithValue(time.GetUtcNow());
            cmd.Parameters.AddWithValue(actor.Subject);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is not null)
            {
                await AuditLog.AppendAsync(tx, actor.Audit("ledger.link", Entity, Text(id), new { householdId = id, buildingId }),
                    cancellationToken);
            }
            else if (!await ExistsAsync(conn, tx, "SELECT EXISTS (SELECT 1 FROM ops.buildings WHERE id = $1)", buildingId,
                cancellationToken))
            {
                return Outcome<Household>.Fail(OutcomeStatus.Invalid, $"no building {buildingId}");
            }
        }

        var household = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(household!);
    }

    /// <summary>Unlinks a building, unless a current certificate was issued for the pair (conflict).</summary>
    public async Task<Outcome<Household>> UnlinkBuildingAsync(Actor actor, long id, long buildingId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken, forUpdate: true);
        if (household is null || household.Buildings.All(b => b.Id != buildingId))
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"building {buildingId} is not linked to household {id}");
        }

        if (household.Certificates.Any(c => c.BuildingId == buildingId && c.Status == "current"))
        {
            return Outcome<Household>.Fail(OutcomeStatus.Conflict, $"a current certificate links household {id} and building {buildingId}");
        }

        await tx.ExecAsync(
            "DELETE FROM ops.household_buildings WHERE household_id = $1 AND building_id = $2", [id, buildingId], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("ledger.unlink", Entity, Text(id), new { householdId = id, buildingId }),
            cancellationToken);
        var after = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(after!);
    }

    /// <summary>Records support given to a household.</summary>
    public async Task<Outcome<Household>> AddSupportAsync(Actor actor, long id, SupportInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (await LoadAsync(conn, tx, id, cancellationToken, forUpdate: true) is null)
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"no household {id}");
        }

        long supportId;
        await using (var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.support_records (household_id, kind, amount_yen, given_on, note, recorded_at, recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(input.Kind!);
            cmd.With(NpgsqlDbType.Bigint, input.AmountYen);
            cmd.Parameters.AddWithValue(input.GivenOn!.Value);
            cmd.With(NpgsqlDbType.Text, Trim(input.Note));
            cmd.Parameters.AddWithValue(time.GetUtcNow());
            cmd.Parameters.AddWithValue(actor.Subject);
            supportId = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        await AuditLog.AppendAsync(tx, actor.Audit("ledger.support", Entity, Text(id),
            new { householdId = id, supportId, kind = input.Kind, amountYen = input.AmountYen }), cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Created(household!);
    }

    /// <summary>Removes a support record entered by mistake (the audit log keeps that it existed).</summary>
    public async Task<Outcome<Household>> DeleteSupportAsync(Actor actor, long id, long supportId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand("DELETE FROM ops.support_records WHERE household_id = $1 AND id = $2", conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(supportId);
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"household {id} has no support record {supportId}");
            }
        }

        await AuditLog.AppendAsync(tx, actor.Audit("ledger.support-delete", Entity, Text(id), new { householdId = id, supportId }),
            cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(household!);
    }

    /// <summary>One household in full. Audited: one <c>ledger.read</c> row naming it.</summary>
    public async Task<Outcome<Household>> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var household = await LoadAsync(conn, tx, id, cancellationToken);
        if (household is null)
        {
            return Outcome<Household>.Fail(OutcomeStatus.NotFound, $"no household {id}");
        }

        await AuditLog.AppendAsync(tx, actor.Audit("ledger.read", Entity, Text(id), new { householdIds = new[] { id } }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Household>.Ok(household);
    }

    /// <summary>Households matching <paramref name="query"/>. Audited: one <c>ledger.read</c> row with every id read.</summary>
    public async Task<IReadOnlyList<HouseholdSummary>> ListAsync(Actor actor, LedgerQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var list = new List<HouseholdSummary>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT h.id, h.head_name, h.members, h.address,
                   (SELECT count(*) FROM ops.household_buildings hb WHERE hb.household_id = h.id),
                   (SELECT count(*) FROM ops.certificates c WHERE c.household_id = h.id AND c.superseded_at IS NULL),
                   (SELECT count(*) FROM ops.support_records s WHERE s.household_id = h.id),
                   (SELECT ops.damage_grade(max(e.damage_ratio)) FROM ops.household_buildings hb
                        CROSS JOIN LATERAL (SELECT x.damage_ratio FROM ops.damage_surveys x WHERE x.building_id = hb.building_id
                                            ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) e
                    WHERE hb.household_id = h.id),
                   h.updated_at
            FROM ops.households h
            WHERE ($1::text IS NULL
                   OR strpos(lower(h.head_name || ' ' || coalesce(h.head_name_kana, '') || ' ' || h.address), lower($1)) > 0)
              AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM ops.household_buildings hb WHERE hb.household_id = h.id AND hb.building_id =
                $2))
            ORDER BY h.id
            LIMIT $3 OFFSET $4
            """, conn, tx))
        {
            cmd.With(NpgsqlDbType.Text, string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim())
                .With(NpgsqlDbType.Bigint, query.BuildingId)
                .With(NpgsqlDbType.Integer, query.Limit)
                .With(NpgsqlDbType.Integer, query.Offset);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                list.Add(new HouseholdSummary(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetString(3), (int)r.GetInt64(4),
                    (int)r.GetInt64(5),
                    (int)r.GetInt64(6), r.GetNullableString(7), r.GetUtc(8)));
            }
        }

        // The search text may itself be a name: the audit row says only that the list was filtered.
        await AuditLog.AppendAsync(tx, actor.Audit("ledger.read", Entity, null, new
        {
            householdIds = list.Select(h => h.Id).ToArray(),
            searched = !string.IsNullOrWhiteSpace(query.Search),
            buildingId = query.BuildingId,
        }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return list;
    }

    private static async Task<Household?> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id,
        CancellationToken cancellationToken, bool forUpdate = false)
    {
        Household household;
#pragma warning disable CA2100 // constant SQL; the only variation is the row lock
        await using (var cmd = new NpgsqlCommand(
            "SELECT head_name, head_name_kana, members, address, contact, special_needs, note, version, created_at, created_by, " +
                "updated_at, updated_by " +
            "FROM ops.households WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""), conn, tx))
#pragma warning restore CA2100
        {
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken))
            {
                return null;
            }

            household = new Household(id, r.GetString(0), r.GetNullableString(1), r.GetInt16(2), r.GetString(3), r.GetNullableString(4),
                r.GetNullableString(5), r.GetNullableString(6), r.GetInt32(7), r.GetUtc(8), r.GetString(9), r.GetUtc(10), r.GetString(11),
                    [], [], []);
        }

        var buildings = new List<LedgerBuilding>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT b.id, b.address, b.structure, b.use, b.district, (SELECT count(*) FROM ops.damage_surveys x WHERE x.building_id = b.id),
                   e.id, e.round, e.damage_ratio, e.grade
            FROM ops.household_buildings hb JOIN ops.buildings b ON b.id = hb.building_id
            LEFT JOIN LATERAL (SELECT x.id, x.round, x.damage_ratio, x.grade FROM ops.damage_surveys x WHERE x.building_id = b.id
                               ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) e ON true
            WHERE hb.household_id = $1 ORDER BY b.id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var grade = r.IsDBNull(9) ? null : DamageGrades.FromWire(r.GetString(9));
                buildings.Add(new LedgerBuilding(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullableString(4),
                    (int)r.GetInt64(5),
                    r.GetNullableInt64(6), r.IsDBNull(7) ? null : r.GetInt16(7), r.IsDBNull(8) ? null : r.GetPlainDecimal(8),
                        grade?.ToWire(), grade?.Label()));
            }
        }

        var certificates = new List<LedgerCertificate>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT number, version, superseded_at IS NULL, building_id, grade, issued_on FROM ops.certificates WHERE household_id = $1 " +
                "ORDER BY id",
            conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var grade = DamageGrades.FromWire(r.GetString(4)) ?? DamageGrade.Partial;
                certificates.Add(new LedgerCertificate(r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded",
                    r.GetInt64(3),
                    grade.ToWire(), grade.Label(), r.GetFieldValue<DateOnly>(5)));
            }
        }

        var support = new List<SupportRecord>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT id, kind, amount_yen, given_on, note, recorded_at, recorded_by FROM ops.support_records WHERE household_id = $1 " +
                "ORDER BY given_on, id",
            conn, tx))
        {
            cmd.Parameters.AddWithValue(id);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var kind = r.GetString(1);
                support.Add(new SupportRecord(r.GetInt64(0), kind, SupportKinds.LabelOf(kind) ?? new LocalizedText(kind, kind),
                    r.GetNullableInt64(2),
                    r.GetFieldValue<DateOnly>(3), r.GetNullableString(4), r.GetUtc(5), r.GetString(6)));
            }
        }

        return household with { Buildings = buildings, Certificates = certificates, Support = support };
    }

    private static void AddFields(NpgsqlCommand cmd, HouseholdInput input)
    {
        cmd.Parameters.AddWithValue(input.HeadName!.Trim());
        cmd.With(NpgsqlDbType.Text, Trim(input.HeadNameKana));
        cmd.Parameters.AddWithValue((short)input.Members!.Value);
        cmd.Parameters.AddWithValue(input.Address!.Trim());
        cmd.With(NpgsqlDbType.Text, Trim(input.Contact));
        cmd.With(NpgsqlDbType.Text, Trim(input.SpecialNeeds));
        cmd.With(NpgsqlDbType.Text, Trim(input.Note));
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> ExistsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, long id,
        CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // constant SQL of this class
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
#pragma warning restore CA2100
        cmd.Parameters.AddWithValue(id);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

}
