using System.Globalization;
using Minato.Audit;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CallUp;

/// <summary>
/// <c>ops.staff</c>, the staff directory: create, update, delete, read, CSV import. PERSONAL DATA: callers are hq (the
/// HTTP layer requires the role); every write is audited (<c>staff.create</c>, <c>staff.update</c>,
/// <c>staff.delete</c>, <c>staff.import</c>) and every read (<c>staff.read</c>) with ids only, never a name or an
/// address. The e-mail address is unique (case-insensitive) and is the key a CSV import updates by. Thread-safe.
/// </summary>
public sealed class StaffStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string Columns = "id, name, email, phone, district, groups, created_at, updated_at";

    public async Task<Outcome<StaffMember>> CreateAsync(Actor actor, StaffInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Invalid(input) is { } invalid)
        {
            return invalid;
        }

        var s = input.Normalized();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var rows = await tx.QueryAsync(
            $"""
            INSERT INTO ops.staff (name, email, phone, district, groups, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT ((lower(email))) DO NOTHING RETURNING {Columns}
            """, [s.Name, s.Email, s.Phone, s.District, s.Groups!.ToArray(), now], Read, cancellationToken);
        if (rows.Count == 0)
        {
            return Outcome<StaffMember>.Conflict("a staff member with this e-mail address exists / このメールアドレスは登録済みです");
        }

        await AuditLog.AppendAsync(tx, actor.Audit("staff.create", "staff", Id(rows[0].Id),
            new { district = s.District, groups = s.Groups }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<StaffMember>.Created(rows[0]);
    }

    public async Task<Outcome<StaffMember>> UpdateAsync(Actor actor, long id, StaffInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Invalid(input) is { } invalid)
        {
            return invalid;
        }

        var s = input.Normalized();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        IReadOnlyList<StaffMember> rows;
        try
        {
            rows = await tx.QueryAsync(
                $"""
                UPDATE ops.staff SET name = $2, email = $3, phone = $4, district = $5, groups = $6, updated_at = $7 WHERE id = $1
                RETURNING {Columns}
                """, [id, s.Name, s.Email, s.Phone, s.District, s.Groups!.ToArray(), time.GetUtcNow()], Read, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Outcome<StaffMember>.Conflict("another staff member has this e-mail address / このメールアドレスは登録済みです");
        }

        if (rows.Count == 0)
        {
            return Outcome<StaffMember>.NotFound($"no staff member '{id}'");
        }

        await AuditLog.AppendAsync(tx, actor.Audit("staff.update", "staff", Id(id), new { district = s.District, groups = s.Groups }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<StaffMember>.Ok(rows[0]);
    }

    public async Task<bool> DeleteAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (await tx.ExecAsync("DELETE FROM ops.staff WHERE id = $1", [id], cancellationToken) == 0)
        {
            return false;
        }

        await AuditLog.AppendAsync(tx, actor.Audit("staff.delete", "staff", Id(id)), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The directory, optionally one district's (audited as one <c>staff.read</c> listing the ids returned).</summary>
    public async Task<IReadOnlyList<StaffMember>> ListAsync(Actor actor, string? district = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await db.QueryAsync($"SELECT {Columns} FROM ops.staff WHERE $1::text IS NULL OR district = $1 ORDER BY district, id",
            [district], Read, cancellationToken);
        await AuditLog.AppendAsync(db, actor.Audit("staff.read", "staff", null, new { ids = rows.Select(r => r.Id).ToArray() }),
            cancellationToken);
        return rows;
    }

    /// <summary>One member, or null (a read that finds someone is audited).</summary>
    public async Task<StaffMember?> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var rows = await db.QueryAsync($"SELECT {Columns} FROM ops.staff WHERE id = $1", [id], Read, cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        await AuditLog.AppendAsync(db, actor.Audit("staff.read", "staff", Id(id), new { ids = new[] { id } }), cancellationToken);
        return rows[0];
    }

    /// <summary>
    /// Imports a CSV (<see cref="StaffCsv"/>): each valid row is created, or updates the member with its e-mail address;
    /// each bad row is reported with its line and kept out. One transaction, one audit row <c>staff.import</c>
    /// (counts and the ids written).
    /// </summary>
    public async Task<StaffImportResult> ImportAsync(Actor actor, string csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<StaffImportError>();
        var ids = new List<long>();
        int created = 0, updated = 0;
        var now = time.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        foreach (var (line, input, error) in StaffCsv.Parse(csv))
        {
            var problems = input?.Validate();
            if (input is null || problems!.Count > 0)
            {
                errors.Add(new(line, error ?? string.Join("; ", problems!.Select(p => $"{p.Key}: {p.Value[0]}"))));
                continue;
            }

            var s = input.Normalized();
            if (!seen.Add(s.Email!))
            {
                errors.Add(new(line, "email: the same address is on an earlier line"));
                continue;
            }

            var (id, inserted) = (await tx.QueryAsync(
                """
                INSERT INTO ops.staff (name, email, phone, district, groups, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
                ON CONFLICT ((lower(email))) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone,
                  district = EXCLUDED.district, groups = EXCLUDED.groups, updated_at = EXCLUDED.updated_at
                RETURNING id, xmax = 0
                """, [s.Name, s.Email, s.Phone, s.District, s.Groups!.ToArray(), now], r => (r.GetInt64(0), r.GetBoolean(1)),
                cancellationToken))[0];
            ids.Add(id);
            _ = inserted ? created++ : updated++;
        }

        await AuditLog.AppendAsync(tx, actor.Audit("staff.import", "staff", null,
            new { created, updated, refused = errors.Count, ids }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new StaffImportResult(created, updated, errors);
    }

    private static Outcome<StaffMember>? Invalid(StaffInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = input.Validate();
        return errors.Count == 0 ? null : Outcome<StaffMember>.Invalid("the staff member is not valid / 入力が不正です", errors);
    }

    internal static StaffMember Read(NpgsqlDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6),
        r.GetFieldValue<DateTimeOffset>(7));

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
