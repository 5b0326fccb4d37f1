using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.CheckIn;

/// <summary>
/// Registrations and check-ins at evacuation centres. A household registers (publicly or as a walk-in) and gets an opaque
/// token (its SHA-256 stored); a centre's staff scan it to check the household in or out. A household has at most one open
/// stay: checking in at another centre checks it out of the first (<c>moved</c>). Each change recounts the centres concerned
/// from their open check-ins (<see cref="ShelterStore"/>), is audited in its transaction and published live after commit.
/// Who may scan, type walk-ins and read a roster: the centre's own staff, its district HQ and HQ (<see cref="ShelterStore.CanEdit"/>).
/// Thread-safe.
/// </summary>
public sealed partial class CheckInStore(NpgsqlDataSource db, ShelterStore shelters, TimeProvider time)
{
    /// <summary>One registration (its audit row follows in the same transaction).</summary>
    internal const string InsertSql = """
        INSERT INTO ops.evacuees (token_hash, name, kana, address, members, household_size, wheelchair, infants, pets, medical,
            language, consent, search_keys, search_address, walk_in, registered_at, registered_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The actor of an anonymous self-registration in the audit log.</summary>
    public static Actor Public { get; } = new("public", MinatoClaims.Public);

    /// <summary>Registers a household; <paramref name="registration"/> must have passed
    /// <see cref="EvacueeRegistration.Validate"/>.</summary>
    public async Task<EvacueeCard> RegisterAsync(Actor actor, EvacueeRegistration registration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var (_, card) = await InsertAsync(tx, actor, registration, walkIn: false, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return card;
    }

    /// <summary>The card of the holder of <paramref name="token"/>, or null when no registration has it.</summary>
    public async Task<EvacueeCard?> CardAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (EvacueeToken.Parse(token) is not { } t)
        {
            return null;
        }

        var rows = await db.QueryAsync(
            "SELECT id, name, kana, household_size, consent FROM ops.evacuees WHERE token_hash = $1",
            [EvacueeToken.Hash(t)], r => (Id: r.GetInt64(0), Name: r.GetString(1), Kana: r.GetString(2), Size: r.GetInt32(3),
                Consent: r.GetBoolean(4)), cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var e = rows[0];
        var stay = await StayAsync(db, e.Id, cancellationToken);
        return Card(t, e.Name, e.Kana, e.Size, e.Consent, stay);
    }

    /// <summary>Checks the household of <paramref name="target"/> in at centre <paramref name="shelterId"/> (which must be open).</summary>
    public Task<Outcome<CheckInResult>> CheckInAsync(Actor actor, string shelterId, CheckInTarget target,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return InCentreAsync(actor, shelterId, async (tx, centre, now, publish) =>
            await FindAsync(tx, target, cancellationToken) is { } evacuee
                ? await CheckInFoundAsync(tx, actor, centre, evacuee, now, null, publish, cancellationToken)
                : Outcome<CheckInResult>.NotFound(NoRegistration), cancellationToken);
    }

    /// <summary>Registers a walk-in typed by a centre's staff and checks the household in; its card can be printed.</summary>
    public Task<Outcome<CheckInResult>> WalkInAsync(Actor actor, string shelterId, EvacueeRegistration registration,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return InCentreAsync(actor, shelterId, async (tx, centre, now, publish) =>
        {
            var (id, card) = await InsertAsync(tx, actor, registration, walkIn: true, cancellationToken);
            return await CheckInFoundAsync(tx, actor, centre, new Found(id, card.Name, card.HouseholdSize, null), now, card, publish,
                cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Checks the household of <paramref name="target"/> out of centre <paramref name="shelterId"/> (409 when not
    /// there).</summary>
    public Task<Outcome<CheckInResult>> CheckOutAsync(Actor actor, string shelterId, CheckInTarget target,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return InCentreAsync(actor, shelterId, async (tx, centre, now, publish) =>
        {
            if (await FindAsync(tx, target, cancellationToken) is not { } evacuee)
            {
                return Outcome<CheckInResult>.NotFound(NoRegistration);
            }

            var facility = FacilityId(centre);
            if (evacuee.OpenAt != facility)
            {
                return Outcome<CheckInResult>.Conflict($"this household is not checked in at centre {centre.Id} / この避難所に入所していません");
            }

            await LockCentresAsync(tx, [facility], cancellationToken);
            await tx.ExecAsync(
                """
                UPDATE ops.checkins SET checked_out_at = $2, checked_out_by = $3, out_reason = 'check-out'
                WHERE evacuee_id = $1 AND checked_out_at IS NULL
                """, [evacuee.Id, now, actor.Subject], cancellationToken);
            var after = (await shelters.RecountFromCheckInsAsync(tx, facility, actor.Subject, cancellationToken))!;
            publish.Add(after);
            await AuditLog.AppendAsync(tx, actor.Audit("checkin.out", "evacuee", SearchText.Invariant(evacuee.Id),
                new { shelter = centre.Id, householdSize = evacuee.Size }), cancellationToken);
            return Outcome<CheckInResult>.Ok(new CheckInResult(evacuee.Id, "checked-out", now, evacuee.Name, evacuee.Size, null, after));
        }, cancellationToken);
    }

    private async Task<Outcome<CheckInResult>> CheckInFoundAsync(NpgsqlTransaction tx, Actor actor, Shelter centre, Found evacuee,
        DateTimeOffset now, EvacueeCard? card, List<Shelter> publish, CancellationToken cancellationToken)
    {
        var facility = FacilityId(centre);
        if (evacuee.OpenAt == facility)
        {
            // A second scan (a double tap, a flaky link): the household is counted once.
            return Outcome<CheckInResult>.Ok(new CheckInResult(evacuee.Id, "already-checked-in", now, evacuee.Name, evacuee.Size, null,
                centre));
        }

        // The household's row is locked (FindAsync); the centres' rows are locked in id order, so two moves in opposite
        // directions cannot deadlock.
        await LockCentresAsync(tx, evacuee.OpenAt is { } p ? [facility, p] : [facility], cancellationToken);
        string? movedFrom = null;
        if (evacuee.OpenAt is { } previous)
        {
            await tx.ExecAsync(
                """
                UPDATE ops.checkins SET checked_out_at = $2, checked_out_by = $3, out_reason = 'moved'
                WHERE evacuee_id = $1 AND checked_out_at IS NULL
                """, [evacuee.Id, now, actor.Subject], cancellationToken);
            movedFrom = SearchText.Invariant(previous);
        }

        await tx.ExecAsync(
            "INSERT INTO ops.checkins (evacuee_id, facility_id, checked_in_at, checked_in_by) VALUES ($1, $2, $3, $4)",
            [evacuee.Id, facility, now, actor.Subject], cancellationToken);
        var after = (await shelters.RecountFromCheckInsAsync(tx, facility, actor.Subject, cancellationToken))!;
        publish.Add(after);
        if (evacuee.OpenAt is { } left && await shelters.RecountFromCheckInsAsync(tx, left, actor.Subject, cancellationToken) is { } first)
        {
            publish.Add(first);
        }

        await AuditLog.AppendAsync(tx, actor.Audit("checkin.in", "evacuee", SearchText.Invariant(evacuee.Id),
            new { shelter = centre.Id, movedFrom, householdSize = evacuee.Size, walkIn = card is not null }), cancellationToken);
        return Outcome<CheckInResult>.Ok(new CheckInResult(evacuee.Id, "checked-in", now, evacuee.Name, evacuee.Size, movedFrom, after,
            card));
    }

    private async Task<(long Id, EvacueeCard Card)> InsertAsync(NpgsqlTransaction tx, Actor actor, EvacueeRegistration registration,
        bool walkIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Validate().Count > 0)
        {
            throw new ArgumentException("the registration is not valid: validate it first", nameof(registration));
        }

        var token = EvacueeToken.New();
        var needs = registration.NeedsOrNone();
        var members = registration.MembersOrNone();
        var name = registration.Name!.Trim();
        var kana = registration.Kana!.Trim();
        var address = EvacueeRegistration.Trimmed(registration.Address);
        var now = time.GetUtcNow();
        await using var cmd = Sql.Command(tx.Connection!, InsertSql, tx,
            [
                EvacueeToken.Hash(token), name, kana,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)address ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(members, Json) },
                registration.HouseholdSize, needs.Wheelchair!.Value, needs.Infants!.Value, needs.Pets!.Value, needs.Medical!.Value,
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)needs.Language ?? DBNull.Value },
                registration.Consent!.Value, registration.SearchKeys(),
                new NpgsqlParameter
                {
                    NpgsqlDbType = NpgsqlDbType.Text, Value = address is null ? DBNull.Value : SearchText.Normalize(address),
                },
                walkIn, now, actor.Subject,
            ]);
        var id = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        // Nothing personal in the audit row: the household's size, needs counts and consent only.
        await AuditLog.AppendAsync(tx, actor.Audit("evacuee.register", "evacuee", SearchText.Invariant(id), new
        {
            householdSize = registration.HouseholdSize,
            consent = registration.Consent,
            walkIn,
        }), cancellationToken);
        return (id, Card(token, name, kana, registration.HouseholdSize, registration.Consent!.Value, null));
    }

    private static EvacueeCard Card(string token, string name, string kana, int size, bool consent, EvacueeStay? stay)
    {
        var payload = EvacueeToken.QrPayload(token);
        return new EvacueeCard(token, payload, QrCodes.Svg(payload), name, kana, size, consent, stay);
    }
}
