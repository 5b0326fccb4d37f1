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
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var basis = await LockBasisAsync(tx, request, cancellationToken);
        if (!basis.Succeeded)
        {
            return basis.As<Certificate>();
        }

        var issue = basis.Value!;
        var era = JapaneseEra.Of(JapaneseEra.TokyoDate(now));
        var sequence = (int)(await tx.ScalarAsync(
            """
            INSERT INTO ops.certificate_counters AS c (era_year, last_seq) VALUES ($1, 1)
            ON CONFLICT (era_year) DO UPDATE SET last_seq = c.last_seq + 1
            RETURNING last_seq
            """, [era.Code], cancellationToken))!;
        var number = CertificateNumber.Format(era, sequence);
        var id = await InsertAsync(tx, actor, request, issue, era, sequence, number, now, cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit("certificate.issue", "certificate", number,
            new
            {
                number, version = issue.Version, surveyId = issue.SurveyId, buildingId = issue.BuildingId, householdId = issue.HouseholdId,
                grade = issue.Grade, supersedes = issue.CurrentId,
            }), cancellationToken);
        var issued = await ReadAsync(tx, "c.id = $1", cancellationToken, id);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Certificate>.Created(issued[0]);
    }

    /// <summary>What a certificate is issued on: the building, the household, the effective survey and the version it replaces.</summary>
    private sealed record IssueBasis(
        long BuildingId, string Address, long HouseholdId, string Head, long SurveyId, short Round, decimal Ratio, string Grade,
        long? CurrentId, int Version);

    // Locks and reads what the certificate is issued on, or says why it cannot be issued.
    // Lock order everywhere: building, then household, then the counter.
    private static async Task<Outcome<IssueBasis>> LockBasisAsync(
        NpgsqlTransaction tx, IssueCertificateRequest request, CancellationToken cancellationToken)
    {
        var buildingId = request.BuildingId!.Value;
        var householdId = request.HouseholdId!.Value;
        var building = await tx.QueryAsync("SELECT use, address FROM ops.buildings WHERE id = $1 FOR UPDATE", [buildingId],
            r => (Use: r.GetString(0), Address: r.GetString(1)), cancellationToken);
        if (building.Count == 0)
        {
            return Outcome<IssueBasis>.Invalid($"no building {buildingId}");
        }

        if (building[0].Use == "non-dwelling")
        {
            return Outcome<IssueBasis>.Invalid(
                $"building {buildingId} is not a dwelling (非住家): damage certificates are issued for dwellings (住家)");
        }

        if (await tx.ScalarAsync("SELECT head_name FROM ops.households WHERE id = $1 FOR SHARE", [householdId], cancellationToken)
            is not string head)
        {
            return Outcome<IssueBasis>.Invalid($"no household {householdId} in the victim ledger");
        }

        var survey = await tx.QueryAsync(
            "SELECT id, round, damage_ratio, grade FROM ops.damage_surveys WHERE building_id = $1 " +
            "ORDER BY round DESC, surveyed_at DESC, id DESC LIMIT 1", [buildingId],
            r => (Id: r.GetInt64(0), Round: r.GetInt16(1), Ratio: r.GetDecimal(2), Grade: r.GetString(3)), cancellationToken);
        if (survey.Count == 0)
        {
            return Outcome<IssueBasis>.Conflict($"building {buildingId} has not been surveyed: survey it first (住家被害認定調査)");
        }

        var current = await tx.QueryAsync(
            "SELECT id, number, version, survey_id FROM ops.certificates " +
            "WHERE household_id = $1 AND building_id = $2 AND superseded_at IS NULL FOR UPDATE", [householdId, buildingId],
            r => (Id: r.GetInt64(0), Number: r.GetString(1), Version: r.GetInt32(2), SurveyId: r.GetInt64(3)), cancellationToken);
        if (current.Count > 0 && current[0].SurveyId == survey[0].Id && request.Reason is null)
        {
            return Outcome<IssueBasis>.Conflict(
                $"certificate {current[0].Number} is current for this household and building and the building has not been " +
                "re-surveyed since; give a reason to issue a corrected version");
        }

        return Outcome<IssueBasis>.Ok(new IssueBasis(buildingId, building[0].Address, householdId, head, survey[0].Id, survey[0].Round,
            survey[0].Ratio, survey[0].Grade, current.Count > 0 ? current[0].Id : null, current.Count > 0 ? current[0].Version + 1 : 1));
    }

    // Supersedes the current version (first: the partial unique index allows one current certificate per household and building),
    // inserts the new one, links the two and the household to the building; returns the new certificate's id.
    private static async Task<long> InsertAsync(NpgsqlTransaction tx, Actor actor, IssueCertificateRequest request, IssueBasis issue,
        EraYear era, int sequence, string number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (issue.CurrentId is { } old)
        {
            await tx.ExecAsync("UPDATE ops.certificates SET superseded_at = $2 WHERE id = $1", [old, now], cancellationToken);
        }

        var id = (long)(await tx.ScalarAsync(
            """
            INSERT INTO ops.certificates (number, era_year, seq, household_id, building_id, survey_id, survey_round, damage_ratio, grade,
                version, supersedes_id, applicant_name, household_head, address, disaster_name, reason, issued_on, issued_at, issued_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            RETURNING id
            """,
            [number, era.Code, sequence, issue.HouseholdId, issue.BuildingId, issue.SurveyId, issue.Round, issue.Ratio, issue.Grade,
                issue.Version, Sql.Typed(NpgsqlDbType.Bigint, issue.CurrentId), request.ApplicantName?.Trim() ?? issue.Head, issue.Head,
                issue.Address, request.DisasterName!.Trim(), Sql.Typed(NpgsqlDbType.Text, request.Reason?.Trim()),
                JapaneseEra.TokyoDate(now), now, actor.Subject], cancellationToken))!;
        if (issue.CurrentId is { } previous)
        {
            await tx.ExecAsync("UPDATE ops.certificates SET superseded_by_id = $2 WHERE id = $1", [previous, id], cancellationToken);
        }

        await tx.ExecAsync(
            "INSERT INTO ops.household_buildings (household_id, building_id, linked_at, linked_by) VALUES ($1, $2, $3, $4) " +
            "ON CONFLICT DO NOTHING",
            [issue.HouseholdId, issue.BuildingId, now, actor.Subject], cancellationToken);
        return id;
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
        var found = await ReadAsync(tx, "c.era_year = $1 AND c.seq = $2", cancellationToken, eraYear, sequence);
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
        var found = await ReadAsync(tx,
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
        NpgsqlTransaction tx, string where, CancellationToken cancellationToken, params object?[] values)
    {
        // A null filter has no CLR type: every nullable filter here is a bigint id.
        var typed = values.Select(v => (object?)Sql.Typed(
            v switch { int => NpgsqlDbType.Integer, string => NpgsqlDbType.Text, _ => NpgsqlDbType.Bigint }, v)).ToArray();
        var rows = await tx.QueryAsync($"{SelectSql} WHERE {where}", typed, r =>
        {
            var issuedOn = r.GetFieldValue<DateOnly>(3);
            var grade = DamageGrades.FromWire(r.GetString(6)) ?? DamageGrade.Partial;
            return (Certificate: new Certificate(
                r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded", issuedOn, JapaneseEra.Format(issuedOn),
                r.GetUtc(4), r.GetString(5), grade.ToWire(), grade.Label(), r.GetPlainDecimal(7), r.GetInt64(8), r.GetInt16(9),
                r.GetInt64(10), r.GetString(11), r.GetInt64(12), r.GetString(13), r.GetString(14), r.GetString(15),
                r.GetNullableString(16), r.GetNullableString(17), r.GetNullableString(18), r.GetNullableUtc(19), []),
                HouseholdId: r.GetInt64(12), BuildingId: r.GetInt64(10));
        }, cancellationToken);

        var result = new List<Certificate>(rows.Count);
        foreach (var (certificate, householdId, buildingId) in rows)
        {
            result.Add(certificate with { History = await HistoryAsync(tx, householdId, buildingId, cancellationToken) });
        }

        return result;
    }

    private static Task<IReadOnlyList<CertificateVersion>> HistoryAsync(
        NpgsqlTransaction tx, long householdId, long buildingId, CancellationToken cancellationToken) =>
        tx.QueryAsync(
            """
            SELECT number, version, superseded_at IS NULL, grade, issued_on, survey_id, reason
            FROM ops.certificates WHERE household_id = $1 AND building_id = $2 ORDER BY version
            """, [householdId, buildingId],
            r => new CertificateVersion(r.GetString(0), r.GetInt32(1), r.GetBoolean(2) ? "current" : "superseded", r.GetString(3),
                r.GetFieldValue<DateOnly>(4), r.GetInt64(5), r.GetNullableString(6)), cancellationToken);
}
