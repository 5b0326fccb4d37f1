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

    private const string SelectHousehold =
        "SELECT head_name, head_name_kana, members, address, contact, special_needs, note, version, created_at, created_by, " +
        "updated_at, updated_by FROM ops.households WHERE id = $1";

    public Task<Outcome<Household>> CreateAsync(Actor actor, HouseholdInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return InAuditedTransactionAsync(async tx =>
        {
            var now = time.GetUtcNow();
            var id = (long)(await tx.ScalarAsync(
                """
                INSERT INTO ops.households (head_name, head_name_kana, members, address, contact, special_needs, note,
                                            created_at, created_by, updated_at, updated_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9) RETURNING id
                """, [.. Fields(input), now, actor.Subject], cancellationToken))!;
            return new Step<Household>(Outcome<Household>.Created((await LoadAsync(tx, id, cancellationToken))!),
                actor.Audit("ledger.create", Entity, Text(id), new { householdId = id }));
        }, cancellationToken);
    }

    /// <summary>Replaces the household's fields; a stale <see cref="HouseholdInput.Version"/> is a conflict.</summary>
    public Task<Outcome<Household>> UpdateAsync(Actor actor, long id, HouseholdInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return ChangeHouseholdAsync(id, async (tx, before) =>
        {
            if (input.Version is { } expected && expected != before.Version)
            {
                return Change.Refused(Outcome<Household>.Conflict(
                    $"household {id} is at version {before.Version}, not {expected}: someone changed it since you read it; reload and " +
                    "edit again"));
            }

            var changed = ChangedFields(before, input);
            if (changed.Length == 0)
            {
                return new Change(null, Outcome<Household>.Ok(before));
            }

            await tx.ExecAsync(
                """
                UPDATE ops.households SET head_name = $1, head_name_kana = $2, members = $3, address = $4, contact = $5,
                    special_needs = $6, note = $7, updated_at = $8, updated_by = $9, version = version + 1
                WHERE id = $10
                """, [.. Fields(input), time.GetUtcNow(), actor.Subject, id], cancellationToken);
            return new Change(actor.Audit("ledger.update", Entity, Text(id), new { householdId = id, changed }));
        }, cancellationToken);
    }

    /// <summary>Deletes a household entered by mistake; one with certificates or support is a record and is kept (conflict).</summary>
    public Task<Outcome<Household>> DeleteAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeHouseholdAsync(id, async (tx, household) =>
        {
            if (household.Certificates.Count > 0 || household.Support.Count > 0)
            {
                return Change.Refused(Outcome<Household>.Conflict(
                    $"household {id} has {household.Certificates.Count} certificate(s) and {household.Support.Count} support record(s): " +
                    "the ledger keeps it"));
            }

            await tx.ExecAsync("DELETE FROM ops.household_buildings WHERE household_id = $1", [id], cancellationToken);
            await tx.ExecAsync("DELETE FROM ops.households WHERE id = $1", [id], cancellationToken);
            return new Change(actor.Audit("ledger.delete", Entity, Text(id), new { householdId = id }), Outcome<Household>.Ok(household));
        }, cancellationToken);
    }

    /// <summary>Links a surveyed building to a household (idempotent).</summary>
    public Task<Outcome<Household>> LinkBuildingAsync(Actor actor, long id, long buildingId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeHouseholdAsync(id, async (tx, _) =>
        {
            var linked = await tx.ScalarAsync(
                """
                INSERT INTO ops.household_buildings (household_id, building_id, linked_at, linked_by)
                SELECT $1, b.id, $3, $4 FROM ops.buildings b WHERE b.id = $2
                ON CONFLICT DO NOTHING
                RETURNING 1
                """, [id, buildingId, time.GetUtcNow(), actor.Subject], cancellationToken);
            if (linked is not null)
            {
                return new Change(actor.Audit("ledger.link", Entity, Text(id), new { householdId = id, buildingId }));
            }

            var exists = (bool)(await tx.ScalarAsync("SELECT EXISTS (SELECT 1 FROM ops.buildings WHERE id = $1)", [buildingId],
                cancellationToken))!;
            return exists ? new Change(null) : Change.Refused(Outcome<Household>.Invalid($"no building {buildingId}"));
        }, cancellationToken);
    }

    /// <summary>Unlinks a building, unless a current certificate was issued for the pair (conflict).</summary>
    public Task<Outcome<Household>> UnlinkBuildingAsync(Actor actor, long id, long buildingId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeHouseholdAsync(id, async (tx, household) =>
        {
            if (household.Buildings.All(b => b.Id != buildingId))
            {
                return Change.Refused(Outcome<Household>.NotFound($"building {buildingId} is not linked to household {id}"));
            }

            if (household.Certificates.Any(c => c.BuildingId == buildingId && c.Status == "current"))
            {
                return Change.Refused(
                    Outcome<Household>.Conflict($"a current certificate links household {id} and building {buildingId}"));
            }

            await tx.ExecAsync(
                "DELETE FROM ops.household_buildings WHERE household_id = $1 AND building_id = $2", [id, buildingId], cancellationToken);
            return new Change(actor.Audit("ledger.unlink", Entity, Text(id), new { householdId = id, buildingId }));
        }, cancellationToken);
    }

    /// <summary>Records support given to a household.</summary>
    public async Task<Outcome<Household>> AddSupportAsync(Actor actor, long id, SupportInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await ChangeHouseholdAsync(id, async (tx, _) =>
        {
            var supportId = (long)(await tx.ScalarAsync(
                """
                INSERT INTO ops.support_records (household_id, kind, amount_yen, given_on, note, recorded_at, recorded_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """,
                [id, input.Kind!, Sql.Typed(NpgsqlDbType.Bigint, input.AmountYen), input.GivenOn!.Value,
                    Sql.Typed(NpgsqlDbType.Text, Trim(input.Note)), time.GetUtcNow(), actor.Subject], cancellationToken))!;
            return new Change(actor.Audit("ledger.support", Entity, Text(id),
                new { householdId = id, supportId, kind = input.Kind, amountYen = input.AmountYen }));
        }, cancellationToken);
        return outcome.Succeeded ? Outcome<Household>.Created(outcome.Value!) : outcome;
    }

    /// <summary>Removes a support record entered by mistake (the audit log keeps that it existed).</summary>
    public Task<Outcome<Household>> DeleteSupportAsync(Actor actor, long id, long supportId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeHouseholdAsync(id, async (tx, _) =>
            await tx.ExecAsync("DELETE FROM ops.support_records WHERE household_id = $1 AND id = $2", [id, supportId],
                cancellationToken) == 0
                ? Change.Refused(Outcome<Household>.NotFound($"household {id} has no support record {supportId}"))
                : new Change(actor.Audit("ledger.support-delete", Entity, Text(id), new { householdId = id, supportId })),
            cancellationToken);
    }

    /// <summary>One household in full. Audited: one <c>ledger.read</c> row naming it.</summary>
    public Task<Outcome<Household>> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return InAuditedTransactionAsync(async tx => await LoadAsync(tx, id, cancellationToken) is { } household
            ? new Step<Household>(Outcome<Household>.Ok(household),
                actor.Audit("ledger.read", Entity, Text(id), new { householdIds = new[] { id } }))
            : new Step<Household>(Outcome<Household>.NotFound($"no household {id}")), cancellationToken);
    }

    /// <summary>Households matching <paramref name="query"/>. Audited: one <c>ledger.read</c> row with every id read.</summary>
    public async Task<IReadOnlyList<HouseholdSummary>> ListAsync(Actor actor, LedgerQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        var outcome = await InAuditedTransactionAsync(async tx =>
        {
            var list = await SummariesAsync(tx, query, cancellationToken);
            // The search text may itself be a name: the audit row says only that the list was filtered.
            return new Step<IReadOnlyList<HouseholdSummary>>(Outcome<IReadOnlyList<HouseholdSummary>>.Ok(list),
                actor.Audit("ledger.read", Entity, null, new
                {
                    householdIds = list.Select(h => h.Id).ToArray(),
                    searched = !string.IsNullOrWhiteSpace(query.Search),
                    buildingId = query.BuildingId,
                }));
        }, cancellationToken);
        return outcome.Value!;
    }

    /// <summary>What a step of <see cref="InAuditedTransactionAsync{T}"/> ended with, and the audit row of what it did.</summary>
    private sealed record Step<T>(Outcome<T> Outcome, AuditRecord? Audit = null);

    /// <summary>
    /// What a change of <see cref="ChangeHouseholdAsync"/> did: its audit row (null: nothing to record) and its result when it is
    /// not the household as it now is (a refusal, or what was deleted).
    /// </summary>
    private sealed record Change(AuditRecord? Audit, Outcome<Household>? Result = null)
    {
        public static Change Refused(Outcome<Household> outcome) => new(null, outcome);
    }

    // The one sequence of every ledger write and read: a transaction, the step (which locks what it changes and reads what it
    // returns), its audit row, the commit. A step that fails commits nothing, so nothing is returned unless recorded.
    private async Task<Outcome<T>> InAuditedTransactionAsync<T>(Func<NpgsqlTransaction, Task<Step<T>>> step,
        CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var (outcome, audit) = await step(tx);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        if (audit is not null)
        {
            await AuditLog.AppendAsync(tx, audit, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return outcome;
    }

    // A change of one existing household: locks it (a missing one is not found), changes it, and returns it as it now is.
    private Task<Outcome<Household>> ChangeHouseholdAsync(long id, Func<NpgsqlTransaction, Household, Task<Change>> change,
        CancellationToken cancellationToken) =>
        InAuditedTransactionAsync(async tx =>
        {
            if (await LoadAsync(tx, id, cancellationToken, forUpdate: true) is not { } before)
            {
                return new Step<Household>(Outcome<Household>.NotFound($"no household {id}"));
            }

            var (audit, result) = await change(tx, before);
            return new Step<Household>(result ?? Outcome<Household>.Ok((await LoadAsync(tx, id, cancellationToken))!), audit);
        }, cancellationToken);

    private static string[] ChangedFields(Household before, HouseholdInput input)
    {
        string?[] old = [before.HeadName, before.HeadNameKana, Text(before.Members), before.Address, before.Contact, before.SpecialNeeds,
            before.Note];
        string?[] @new = [input.HeadName!.Trim(), Trim(input.HeadNameKana), Text(input.Members!.Value), input.Address!.Trim(),
            Trim(input.Contact), Trim(input.SpecialNeeds), Trim(input.Note)];
        string[] names = ["headName", "headNameKana", "members", "address", "contact", "specialNeeds", "note"];
        return names.Where((_, i) => !string.Equals(old[i], @new[i], StringComparison.Ordinal)).ToArray();
    }

    private static Task<IReadOnlyList<HouseholdSummary>> SummariesAsync(NpgsqlTransaction tx, LedgerQuery query,
        CancellationToken cancellationToken) =>
        tx.QueryAsync(
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
              AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM ops.household_buildings hb WHERE hb.household_id = h.id
                                                 AND hb.building_id = $2))
            ORDER BY h.id
            LIMIT $3 OFFSET $4
            """,
            [Sql.Typed(NpgsqlDbType.Text, string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim()),
                Sql.Typed(NpgsqlDbType.Bigint, query.BuildingId), Sql.Typed(NpgsqlDbType.Integer, query.Limit),
                Sql.Typed(NpgsqlDbType.Integer, query.Offset)],
            r => new HouseholdSummary(r.GetInt64(0), r.GetString(1), r.GetInt16(2), r.GetString(3), (int)r.GetInt64(4),
                (int)r.GetInt64(5), (int)r.GetInt64(6), r.GetNullableString(7), r.GetUtc(8)), cancellationToken);

    // A household with its buildings, certificates and support, read in the transaction (locked when forUpdate).
    private static async Task<Household?> LoadAsync(NpgsqlTransaction tx, long id, CancellationToken cancellationToken,
        bool forUpdate = false)
    {
        var found = await tx.QueryAsync(forUpdate ? SelectHousehold + " FOR UPDATE" : SelectHousehold, [id],
            r => new Household(id, r.GetString(0), r.GetNullableString(1), r.GetInt16(2), r.GetString(3), r.GetNullableString(4),
                r.GetNullableString(5), r.GetNullableString(6), r.GetInt32(7), r.GetUtc(8), r.GetString(9), r.GetUtc(10),
                r.GetString(11), [], [], []), cancellationToken);
        return found.Count == 0 ? null : found[0] with
        {
            Buildings = await BuildingsAsync(tx, id, cancellationToken),
            Certificates = await CertificatesAsync(tx, id, cancellationToken),
            Support = await SupportAsync(tx, id, cancellationToken),
        };
    }

    private static Task<IReadOnlyList<LedgerBuilding>> BuildingsAsync(NpgsqlTransaction tx, long id, CancellationToken cancellationToken) =>
        tx.QueryAsync(
            """
            SELECT b.id, b.address, b.structure, b.use, b.district, (SELECT count(*) FROM ops.damage_surveys x WHERE x.building_id = b.id),
                   e.id, e.round, e.damage_ratio, e.grade
            FROM ops.household_buildings hb JOIN ops.buildings b ON b.id = hb.building_id
            LEFT JOIN LATERAL (SELECT x.id, x.round, x.damage_ratio, x.grade FROM ops.damage_surveys x WHERE x.building_id = b.id
                               ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) e ON true
            WHERE hb.household_id = $1 ORDER BY b.id
            """, [id], r =>
            {
                var grade = r.IsDBNull(9) ? null : DamageGrades.FromWire(r.GetString(9));
                return new LedgerBuilding(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetNullableString(4),
                    (int)r.GetInt64(5), r.GetNullableInt64(6), r.IsDBNull(7) ? null : r.GetInt16(7),
                    r.IsDBNull(8) ? null : r.GetPlainDecimal(8), grade?.ToWire(), grade?.Label());
            }, cancellationToken);

    private static Task<IReadOnlyList<LedgerCertificate>> CertificatesAsync(NpgsqlTransaction tx, long id,
        CancellationToken cancellationToken) =>
        tx.QueryAsync(
            "SELECT number, version, superseded_at IS NULL, building_id, grade, issued_on FROM ops.certificates WHERE household_id = $1 " +
            "ORDER BY id", [id], r =>
            {
                var grade = DamageGrades.FromWire(r.GetString(4)) ?? DamageGrade.Partial;
                return new LedgerCertificate(r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded", r.GetInt64(3),
                    grade.ToWire(), grade.Label(), r.GetFieldValue<DateOnly>(5));
            }, cancellationToken);

    private static Task<IReadOnlyList<SupportRecord>> SupportAsync(NpgsqlTransaction tx, long id, CancellationToken cancellationToken) =>
        tx.QueryAsync(
            "SELECT id, kind, amount_yen, given_on, note, recorded_at, recorded_by FROM ops.support_records WHERE household_id = $1 " +
            "ORDER BY given_on, id", [id], r =>
            {
                var kind = r.GetString(1);
                return new SupportRecord(r.GetInt64(0), kind, SupportKinds.LabelOf(kind) ?? new LocalizedText(kind, kind),
                    r.GetNullableInt64(2), r.GetFieldValue<DateOnly>(3), r.GetNullableString(4), r.GetUtc(5), r.GetString(6));
            }, cancellationToken);

    // The household's fields as the values $1 … $7 of the insert and the update.
    private static object?[] Fields(HouseholdInput input) =>
    [
        input.HeadName!.Trim(), Sql.Typed(NpgsqlDbType.Text, Trim(input.HeadNameKana)), (short)input.Members!.Value,
        input.Address!.Trim(), Sql.Typed(NpgsqlDbType.Text, Trim(input.Contact)), Sql.Typed(NpgsqlDbType.Text, Trim(input.SpecialNeeds)),
        Sql.Typed(NpgsqlDbType.Text, Trim(input.Note)),
    ];

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
