using Minato.Disaster.Results;
using Minato.Disaster.Recovery.Surveys;
using Minato.Disaster.Security;
using Minato.Audit;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.Recovery.Certificates;

/// <summary>
/// Issues and reads damage certificates. Numbers are gap-free per era year: the counter row is incremented inside the
/// issuing transaction, so concurrent issues serialise on it and a failed issue leaves no gap. Every read appends a
/// <c>certificate.read</c> audit row in the transaction of the read. Thread-safe.
/// </summary>
public sealed class CertificateStore(NpgsqlDataSource db, TimeProvider time)
{
    private const string SelectSql =
        """
        SELECT c.number, c.version, c.superseded_at IS NULL, c.issued_on, c.issued_at, c.issued_by, c.grade, c.damage_ratio,
               c.survey_id, c.survey_round, c.building_id, c.address, c.household_id, c.household_head, c.applicant_name,
               c.disaster_name, c.reason, p.number, n.number, c.superseded_at
        FROM ops.certificates c
        LEFT JOIN ops.certificates p ON p.id = c.supersedes_id
        LEFT JOIN ops.certificates n ON n.id = c.superseded_by_id
        """;

    /// <summary>Issues a certificate (see <see cref="IssueCertificateRequest"/>); the request must have passed its Validate.</summary>
    public async Task<Outcome<Certificate>> IssueAsync(Actor actor, IssueCertificateRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var buildingId = request.BuildingId!.Value;
        var householdId = request.HouseholdId!.Value;
        var now = time.GetUtcNow();
        var issuedOn = JapaneseEra.TokyoDate(now);
        var era = JapaneseEra.Of(issuedOn);

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);

        // Lock order everywhere: building, then household, then the counter.
        string address;
        await using (var building = new NpgsqlCommand("SELECT use, address FROM ops.buildings WHERE id = $1 FOR UPDATE", conn, tx))
        {
            building.Parameters.AddWithValue(buildingId);
            await using var reader = await building.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Outcome<Certificate>.Fail(OutcomeStatus.Invalid, $"no building {buildingId}");
            }

            if (reader.GetString(0) == "non-dwelling")
            {
                return Outcome<Certificate>.Fail(OutcomeStatus.Invalid,
                    $"building {buildingId} is not a dwelling (非住家): damage certificates are issued for dwellings (住家)");
            }

            address = reader.GetString(1);
        }

        string head;
        await using (var household = new NpgsqlCommand("SELECT head_name FROM ops.households WHERE id = $1 FOR SHARE", conn, tx))
        {
            household.Parameters.AddWithValue(householdId);
            if (await household.ExecuteScalarAsync(cancellationToken) is not string name)
            {
                return Outcome<Certificate>.Fail(OutcomeStatus.Invalid, $"no household {householdId} in the victim ledger");
            }

            head = name;
        }

        long surveyId;
        short round;
        decimal ratio;
        string grade;
        await using (var survey = new NpgsqlCommand(
            "SELECT id, round, damage_ratio, grade FROM ops.damage_surveys WHERE building_id = $1 ORDER BY round DESC, surveyed_at DESC, " +
                "id DESC LIMIT 1",
            conn, tx))
        {
            survey.Parameters.AddWithValue(buildingId);
            await using var reader = await survey.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Outcome<Certificate>.Fail(OutcomeStatus.Conflict,
                    $"building {buildingId} has not been surveyed: survey it first (住家被害認定調査)");
            }

            (surveyId, round, ratio, grade) = (reader.GetInt64(0), reader.GetInt16(1), reader.GetDecimal(2), reader.GetString(3));
        }

        long? currentId = null;
        var version = 1;
        await using (var current = new NpgsqlCommand(
            "SELECT id, number, version, survey_id FROM ops.certificates WHERE household_id = $1 AND building_id = $2 AND superseded_at " +
                "IS NULL FOR UPDATE",
            conn, tx))
        {
            current.Parameters.AddWithValue(householdId);
            current.Parameters.AddWithValue(buildingId);
            await using var reader = await current.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(3) == surveyId && request.Reason is null)
                {
                    return Outcome<Certificate>.Fail(OutcomeStatus.Conflict,
                        $"certificate {reader.GetString(1)} is current for this household and building and the building has not been " +
                        "re-surveyed since; give a reason to issue a corrected version");
                }

                currentId = reader.GetInt64(0);
                version = reader.GetInt32(2) + 1;
            }
        }

        int sequence;
        await using (var counter = new NpgsqlCommand(
            """
            INSERT INTO ops.certificate_counters AS c (era_year, last_seq) VALUES ($1, 1)
            ON CONFLICT (era_year) DO UPDATE SET last_seq = c.last_seq + 1
            RETURNING last_seq
            """, conn, tx))
        {
            counter.Parameters.AddWithValue(era.Code);
            sequence = (int)(await counter.ExecuteScalarAsync(cancellationToken))!;
        }

        var number = CertificateNumber.Format(era, sequence);
        if (currentId is { } old)
        {
            // Superseded first: the partial unique index allows one current certificate per household and building.
            await tx.ExecAsync("UPDATE ops.certificates SET superseded_at = $2 WHERE id = $1", [old, now], cancellationToken);
        }

        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO ops.certificates (number, era_year, seq, household_id, building_id, survey_id, survey_round, damage_ratio, grade,
                version, supersedes_id, applicant_name, household_head, address, disaster_name, reason, issued_on, issued_at, issued_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            RETURNING id
            """, conn, tx))
        {
            insert.Parameters.AddWithValue(number);
            insert.Parameters.AddWithValue(era.Code);
            insert.Parameters.AddWithValue(sequence);
            insert.Parameters.AddWithValue(householdId);
            insert.Parameters.AddWithValue(buildingId);
            insert.Parameters.AddWithValue(surveyId);
            insert.Parameters.AddWithValue(round);
            insert.Parameters.AddWithValue(ratio);
            insert.Parameters.AddWithValue(grade);
            insert.Parameters.AddWithValue(version);
            insert.With(NpgsqlDbType.Bigint, currentId);
            insert.Parameters.AddWithValue(request.ApplicantName?.Trim() ?? head);
            insert.Parameters.AddWithValue(head);
            insert.Parameters.AddWithValue(address);
            insert.Parameters.AddWithValue(request.DisasterName!.Trim());
            insert.With(NpgsqlDbType.Text, request.Reason?.Trim());
            insert.Parameters.AddWithValue(issuedOn);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(actor.Subject);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (currentId is { } previous)
        {
            await tx.ExecAsync("UPDATE ops.certificates SET superseded_by_id = $2 WHERE id = $1", [previous, id], cancellationToken);
        }

        await tx.ExecAsync(
            "INSERT INTO ops.household_buildings (household_id, building_id, linked_at, linked_by) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT DO NOTHING",
            [householdId, buildingId, now, actor.Subject], cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("certificate.issue", "certificate", number,
            new { number, version, surveyId, buildingId, householdId, grade, supersedes = currentId }), cancellationToken);
        await tx.CommitAsync(cancellationToken);

        var issued = await ReadAsync(conn, null, "c.id = $1", cancellationToken, id);
        return Outcome<Certificate>.Created(issued[0]);
    }

    /// <summary>One certificate by number (<c>港区-R8-000123</c> or <c>R8-000123</c>), with its history. Audited.</summary>
    /// <param name="format"><c>json</c> or <c>print</c>: recorded in the audit row.</param>
    public async Task<Outcome<Certificate>> GetAsync(Actor actor, string number, string format,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CertificateNumber.TryParse(number, out var eraYear, out var sequence))
        {
            return Outcome<Certificate>.Fail(OutcomeStatus.NotFound, "a certificate number looks like 港区-R8-000123 (or R8-000123)");
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var found = await ReadAsync(conn, tx, "c.era_year = $1 AND c.seq = $2", cancellationToken, eraYear, sequence);
        if (found.Count == 0)
        {
            return Outcome<Certificate>.Fail(OutcomeStatus.NotFound, $"no certificate {CertificateNumber.Format(eraYear, sequence)}");
        }

        var certificate = found[0];
        await AuditLog.AppendAsync(tx, actor.Audit("certificate.read", "certificate", certificate.Number,
            new { numbers = new[] { certificate.Number }, householdIds = new[] { certificate.HouseholdId }, format }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Certificate>.Ok(certificate);
    }

    /// <summary>Certificates of a household and/or a building (all versions, newest first). Audited with the numbers read.</summary>
    public async Task<IReadOnlyList<Certificate>> ListAsync(
        Actor actor, long? householdId, long? buildingId, int limit, int offset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var found = await ReadAsync(conn, tx,
            "($1::bigint IS NULL OR c.household_id = $1) AND ($2::bigint IS NULL OR c.building_id = $2) ORDER BY c.id DESC LIMIT $3 " +
                "OFFSET $4",
            cancellationToken, householdId, buildingId, limit, offset);
        await AuditLog.AppendAsync(tx, actor.Audit("certificate.read", "certificate", null,
            new { numbers = found.Select(c => c.Number).ToArray(), householdIds = found.Select(c => c.HouseholdId).Distinct().ToArray(),
                format = "list" }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return found;
    }

    private static async Task<List<Certificate>> ReadAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, string where, CancellationToken cancellationToken, params object?[] values)
    {
        var rows = new List<(Certificate Certificate, long HouseholdId, long BuildingId)>();
#pragma warning disable CA2100 // the WHERE clauses are constants of this class; values are parameters
        await using (var cmd = new NpgsqlCommand($"{SelectSql} WHERE {where}", conn, tx))
#pragma warning restore CA2100
        {
            foreach (var v in values)
            {
                // A null filter has no CLR type: every nullable filter here is a bigint id.
                cmd.With(v switch { int => NpgsqlDbType.Integer, string => NpgsqlDbType.Text, _ => NpgsqlDbType.Bigint }, v);
            }

            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var issuedOn = r.GetFieldValue<DateOnly>(3);
                var grade = DamageGrades.FromWire(r.GetString(6)) ?? DamageGrade.Partial;
                rows.Add((new Certificate(
                    r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded", issuedOn, JapaneseEra.Format(issuedOn),
                    r.GetUtc(4), r.GetString(5), grade.ToWire(), grade.Label(), r.GetPlainDecimal(7), r.GetInt64(8), r.GetInt16(9),
                    r.GetInt64(10), r.GetString(11), r.GetInt64(12), r.GetString(13), r.GetString(14), r.GetString(15), r.GetNullableString(
                        16),
                    r.GetNullableString(17), r.GetNullableString(18), r.GetNullableUtc(19), []), r.GetInt64(12), r.GetInt64(10)));
            }
        }

        var result = new List<Certificate>(rows.Count);
        foreach (var (certificate, householdId, buildingId) in rows)
        {
            result.Add(certificate with { History = await HistoryAsync(conn, tx, householdId, buildingId, cancellationToken) });
        }

        return result;
    }

    private static async Task<IReadOnlyList<CertificateVersion>> HistoryAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, long householdId, long buildingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT number, version, superseded_at IS NULL, grade, issued_on, survey_id, reason
            FROM ops.certificates WHERE household_id = $1 AND building_id = $2 ORDER BY version
            """, conn, tx);
        cmd.Parameters.AddWithValue(householdId);
        cmd.Parameters.AddWithValue(buildingId);
        var list = new List<CertificateVersion>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new CertificateVersion(r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded", r.GetString(3),
                r.GetFieldValue<DateOnly>(4), r.GetInt64(5), r.GetNullableString(6)));
        }

        return list;
    }

}
