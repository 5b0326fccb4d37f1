using Minato.Disaster.Results;
using System.Text.Json;
using Minato.Disaster.Security;
using Minato.Disaster.Situation;
using Minato.Audit;
using Npgsql;
using NpgsqlTypes;
using Minato.Disaster.Geo;

namespace Minato.Disaster.Recovery.Surveys;

/// <summary>
/// Records and reads building damage surveys in PostgreSQL. A write and its audit row commit together; every read
/// appends a <c>survey.read</c> audit row naming the surveys read, in the transaction of the read. After a survey is
/// committed, its district's grade counts go to the live situation (<see cref="SurveySummaryChanges"/>). Thread-safe.
/// </summary>
public sealed class SurveyStore(NpgsqlDataSource db, TimeProvider time, ISituationBus? bus = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string SelectSql =
        """
        SELECT s.id, s.round, s.damage_ratio, s.grade, s.components::text, s.surveyed_at, s.surveyed_by, s.recorded_at, s.note,
               s.id = (SELECT x.id FROM ops.damage_surveys x WHERE x.building_id = s.building_id
                       ORDER BY x.round DESC, x.surveyed_at DESC, x.id DESC LIMIT 1) AS effective,
               b.id, b.address, ST_X(b.geom), ST_Y(b.geom), b.structure, b.floors, b.use, b.district, b.created_at, b.created_by
        FROM ops.damage_surveys s JOIN ops.buildings b ON b.id = s.building_id
        WHERE ($1::bigint IS NULL OR s.id = $1) AND ($2::bigint IS NULL OR s.building_id = $2) AND ($3::text IS NULL OR b.district = $3)
          AND ($4::text IS NULL OR s.grade = $4) AND ($5::int IS NULL OR s.round = $5) AND ($6::text IS NULL OR s.surveyed_by = $6)
        ORDER BY s.id
        LIMIT $7 OFFSET $8
        """;

    /// <summary>
    /// Stores a checked survey (and its new building). With an idempotency key, a retry of the same request returns the
    /// first survey (<see cref="OutcomeStatus.Replayed"/>) and stores nothing; the same key with another request is
    /// <see cref="OutcomeStatus.Invalid"/>. HQ may survey any building; field staff only the buildings they recorded and
    /// those in the district of their token's <c>district</c> claim (any other reads as "no building", like a missing one).
    /// </summary>
    public async Task<Outcome<Survey>> CreateAsync(
        Actor actor, ValidSurvey survey, string? idempotencyKey, byte[]? requestHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(survey);
        if (idempotencyKey is not null && await FindByKeyAsync(actor, idempotencyKey, requestHash, cancellationToken) is { } replay)
        {
            return replay;
        }

        long id;
        try
        {
            var created = await InsertAsync(actor, survey, idempotencyKey, requestHash, cancellationToken);
            if (created.Status != OutcomeStatus.Created)
            {
                return Outcome<Survey>.Fail(created.Status, created.Detail!);
            }

            id = created.Value;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: "damage_surveys_idempotency" })
        {
            // A concurrent retry with the same key committed first: answer with its survey.
            return await FindByKeyAsync(actor, idempotencyKey!, requestHash, cancellationToken)
                ?? throw new InvalidOperationException("idempotency key conflicted but no survey holds it", e);
        }

        var stored = await QueryAsync(new SurveyQuery(), id, cancellationToken);
        if (bus is not null)
        {
            bus.Publish(await SurveySummaryChanges.LoadAsync(db, stored[0].Building.District ?? SurveySummaryChanges.NoDistrict,
                cancellationToken));
        }

        return Outcome<Survey>.Created(stored[0]);
    }

    private async Task<Outcome<long>> InsertAsync(
        Actor actor, ValidSurvey survey, string? idempotencyKey, byte[]? requestHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        long buildingId;
        if (survey.Building is { } b)
        {
            // The district is the district HQ area at the point; a loaded ward boundary must cover the point.
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO ops.buildings (address, structure, floors, use, district, geom, created_at, created_by)
                SELECT $1, $2, $3, $4, (SELECT d.id FROM gis.districts d WHERE ST_Covers(d.geom, p.g) ORDER BY d.id LIMIT 1), p.g, $7, $8
                FROM (SELECT ST_SetSRID(ST_MakePoint($5, $6), 6668) AS g) p
                WHERE NOT EXISTS (SELECT 1 FROM gis.boundary) OR EXISTS (SELECT 1 FROM gis.boundary w WHERE ST_Covers(w.geom, p.g))
                RETURNING id
                """, conn, tx);
            insert.Parameters.AddWithValue(b.Address);
            insert.Parameters.AddWithValue(b.Structure);
            insert.Parameters.AddWithValue((short)b.Floors);
            insert.Parameters.AddWithValue(b.Use);
            insert.Parameters.AddWithValue(b.Lon);
            insert.Parameters.AddWithValue(b.Lat);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(actor.Subject);
            if (await insert.ExecuteScalarAsync(cancellationToken) is not long newId)
            {
                return Outcome<long>.Fail(OutcomeStatus.Invalid,
                    $"the building's location ({b.Lon}, {b.Lat}) is outside the boundary of Minato City");
            }

            buildingId = newId;
            await AuditLog.AppendAsync(tx, actor.Audit("building.create", "building", Text(buildingId), new { buildingId }),
                cancellationToken);
        }
        else
        {
            buildingId = survey.BuildingId!.Value;
            // Locks the building so that concurrent surveys of it see each other's rounds. A building the actor may not
            // survey reads as a missing one: the answer reveals nothing about it (not even that it exists).
            await using var check = new NpgsqlCommand(
                """
                SELECT EXISTS (SELECT 1 FROM ops.damage_surveys WHERE building_id = b.id AND round = 1)
                FROM ops.buildings b
                WHERE b.id = $1 AND ($2 OR b.created_by = $3 OR b.district = $4)
                FOR UPDATE
                """, conn, tx);
            check.Parameters.AddWithValue(buildingId);
            check.Parameters.AddWithValue(actor.IsHq);
            check.Parameters.AddWithValue(actor.Subject);
            check.With(NpgsqlDbType.Text, actor.District);
            var hasRoundOne = await check.ExecuteScalarAsync(cancellationToken);
            if (hasRoundOne is not bool roundOne)
            {
                return Outcome<long>.Fail(OutcomeStatus.Invalid, $"no building {buildingId} that you may survey");
            }

            if (survey.Round == 2 && !roundOne)
            {
                return Outcome<long>.Fail(OutcomeStatus.Conflict,
                    $"building {buildingId} has no round-1 survey yet; a round-2 survey re-surveys one (第2次調査は第1次調査の後)");
            }
        }

        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO ops.damage_surveys (building_id, round, damage_ratio, components, surveyed_at, surveyed_by, recorded_at, note,
                                            idempotency_key, request_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING id, grade
            """, conn, tx);
        cmd.Parameters.AddWithValue(buildingId);
        cmd.Parameters.AddWithValue((short)survey.Round);
        cmd.Parameters.AddWithValue(survey.DamageRatio);
        cmd.With(NpgsqlDbType.Jsonb, survey.Components is null ? null : JsonSerializer.Serialize(survey.Components, Json));
        cmd.Parameters.AddWithValue(survey.SurveyedAt);
        cmd.Parameters.AddWithValue(actor.Subject);
        cmd.Parameters.AddWithValue(now);
        cmd.With(NpgsqlDbType.Text, survey.Note);
        cmd.With(NpgsqlDbType.Text, idempotencyKey);
        cmd.With(NpgsqlDbType.Bytea, requestHash);
        long id;
        string grade;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            id = reader.GetInt64(0);
            grade = reader.GetString(1);
        }

        await AuditLog.AppendAsync(tx, actor.Audit("survey.create", "survey", Text(id),
            new { surveyId = id, buildingId, round = survey.Round, damageRatio = survey.DamageRatio, grade }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<long>.Created(id);
    }

    private async Task<Outcome<Survey>?> FindByKeyAsync(Actor actor, string key, byte[]? requestHash, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, request_hash FROM ops.damage_surveys WHERE surveyed_by = $1 AND idempotency_key = $2");
        cmd.Parameters.AddWithValue(actor.Subject);
        cmd.Parameters.AddWithValue(key);
        long id;
        byte[]? hash;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            id = reader.GetInt64(0);
            hash = reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1);
        }

        if (requestHash is null || hash is null || !requestHash.AsSpan().SequenceEqual(hash))
        {
            return Outcome<Survey>.Fail(OutcomeStatus.Invalid,
                $"Idempotency-Key '{key}' was already used for a different survey request (survey {id}); use a new key for a new survey");
        }

        var stored = await QueryAsync(new SurveyQuery(), id, cancellationToken);
        return Outcome<Survey>.Replayed(stored[0]);
    }

    /// <summary>
    /// One survey; field staff may read only the surveys they recorded (others' read as missing). Audited (<c>survey.read</c>).
    /// </summary>
    public async Task<Outcome<Survey>> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await QueryAsync(new SurveyQuery(), id, cancellationToken);
        if (found.Count == 0)
        {
            return Outcome<Survey>.Fail(OutcomeStatus.NotFound, $"no survey {id}");
        }

        if (!actor.IsHq && found[0].SurveyedBy != actor.Subject)
        {
            // The same answer as a missing survey: field staff learn nothing about others' surveys.
            return Outcome<Survey>.Fail(OutcomeStatus.NotFound, $"no survey {id}");
        }

        await AuditLog.AppendAsync(db, actor.Audit("survey.read", "survey", Text(id), new { surveyIds = new[] { id } }), cancellationToken);
        return Outcome<Survey>.Ok(found[0]);
    }

    /// <summary>Surveys matching <paramref name="query"/> (field staff: only their own). Audited with the ids read.</summary>
    public async Task<IReadOnlyList<Survey>> ListAsync(Actor actor, SurveyQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(query);
        var scoped = actor.IsHq ? query : query with { SurveyedBy = actor.Subject };
        var found = await QueryAsync(scoped, null, cancellationToken);
        await AuditLog.AppendAsync(db, actor.Audit("survey.read", "survey", null, new { surveyIds = found.Select(s => s.Id).ToArray() }),
            cancellationToken);
        return found;
    }

    private async Task<List<Survey>> QueryAsync(SurveyQuery query, long? id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(SelectSql);
        cmd.With(NpgsqlDbType.Bigint, id)
            .With(NpgsqlDbType.Bigint, query.BuildingId)
            .With(NpgsqlDbType.Text, query.District)
            .With(NpgsqlDbType.Text, query.Grade)
            .With(NpgsqlDbType.Integer, query.Round)
            .With(NpgsqlDbType.Text, query.SurveyedBy)
            .With(NpgsqlDbType.Integer, query.Limit)
            .With(NpgsqlDbType.Integer, query.Offset);
        var list = new List<Survey>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static Survey Read(NpgsqlDataReader r)
    {
        var round = (int)r.GetInt16(1);
        var grade = DamageGrades.FromWire(r.GetString(3)) ?? throw new InvalidOperationException("unknown grade " + r.GetString(3));
        var components = r.IsDBNull(4) ? null : JsonSerializer.Deserialize<List<SurveyComponent>>(r.GetString(4), Json);
        var building = new Building(r.GetInt64(10), r.GetString(11), PointGeometry.Of(r.GetDouble(12), r.GetDouble(13)), r.GetString(14),
            r.GetInt16(15), r.GetString(16), r.GetNullableString(17), r.GetUtc(18), r.GetString(19));
        return new Survey(r.GetInt64(0), round, Survey.LabelOfRound(round), r.GetPlainDecimal(2), grade.ToWire(), grade.Label(), components,
            r.GetUtc(5), r.GetString(6), r.GetUtc(7), r.GetNullableString(8), r.GetBoolean(9), building);
    }

    private static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
