using System.Globalization;
using System.Text.Json;
using Minato.Audit;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Disaster.CheckIn;

// The roster (reads of personal data, each audited) and the plumbing every check-in shares.
public sealed partial class CheckInStore
{
    private const string NoRegistration = "no registration with this code / 登録が見つかりません";

    private const string RosterSql =
        """
        SELECT e.id, k.facility_id, e.name, e.kana, e.address, e.members::text, e.household_size, e.wheelchair, e.infants, e.pets,
               e.medical, e.language, e.consent, e.walk_in, k.checked_in_at, k.checked_in_by
        FROM ops.checkins k JOIN ops.evacuees e ON e.id = k.evacuee_id
        WHERE k.checked_out_at IS NULL AND ($1::bigint IS NULL OR k.facility_id = $1)
        ORDER BY k.facility_id, k.checked_in_at, e.id
        """;

    /// <summary>
    /// The households checked in at centre <paramref name="shelterId"/>: its own staff, its district HQ and HQ. Audited: one
    /// <c>roster.read</c> row naming the reader and every household read.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<RosterEntry>>> RosterAsync(Actor actor, string shelterId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var centre = await shelters.GetAsync(shelterId, cancellationToken);
        if (centre is null)
        {
            return Outcome<IReadOnlyList<RosterEntry>>.NotFound($"no shelter '{shelterId}'");
        }

        if (!ShelterStore.CanEdit(actor, centre))
        {
            return Outcome<IReadOnlyList<RosterEntry>>.Forbidden(NotAllowed(actor, centre));
        }

        return Outcome<IReadOnlyList<RosterEntry>>.Ok(await ReadRosterAsync(actor, FacilityId(centre), "roster.read", cancellationToken));
    }

    /// <summary>Every household checked in anywhere (or at <paramref name="facility"/>), for HQ's CSV export; audited as
    /// <c>roster.export</c>. The caller checks the role (HQ only).</summary>
    public Task<IReadOnlyList<RosterEntry>> ExportAsync(Actor actor, long? facility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ReadRosterAsync(actor, facility, "roster.export", cancellationToken);
    }

    /// <summary>Whether <paramref name="actor"/> may scan at, type walk-ins for and read the roster of <paramref name="centre"/>.</summary>
    public static bool CanWork(Actor actor, Shelter centre) => ShelterStore.CanEdit(actor, centre);

    private async Task<IReadOnlyList<RosterEntry>> ReadRosterAsync(Actor actor, long? facility, string action,
        CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var list = await tx.QueryAsync(RosterSql, [new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint,
            Value = (object?)facility ?? DBNull.Value }], r => new RosterEntry(
                r.GetInt64(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), JsonSerializer.Deserialize<List<EvacueeMember>>(r.GetString(5), Json)!,
                r.GetInt32(6), new EvacueeNeeds(r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10),
                    r.IsDBNull(11) ? null : r.GetString(11)),
                r.GetBoolean(12), r.GetBoolean(13), r.GetFieldValue<DateTimeOffset>(14), r.GetString(15)), cancellationToken);
        await AuditLog.AppendAsync(tx, actor.Audit(action, "shelter", facility is { } f ? SearchText.Invariant(f) : null,
            new { evacueeIds = list.Select(e => e.EvacueeId).ToArray() }), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return list;
    }

    /// <summary>Runs <paramref name="apply"/> in a transaction at an open centre the actor may work at; publishes the centres it
    /// changed after the commit.</summary>
    private async Task<Outcome<CheckInResult>> InCentreAsync(Actor actor, string shelterId,
        Func<NpgsqlTransaction, Shelter, DateTimeOffset, List<Shelter>, Task<Outcome<CheckInResult>>> apply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var centre = await shelters.GetAsync(shelterId, cancellationToken);
        if (centre is null)
        {
            return Outcome<CheckInResult>.NotFound($"no shelter '{shelterId}'");
        }

        if (!CanWork(actor, centre))
        {
            return Outcome<CheckInResult>.Forbidden(NotAllowed(actor, centre));
        }

        if (!centre.Open)
        {
            return Outcome<CheckInResult>.Conflict(Closed(centre));
        }

        var now = time.GetUtcNow();
        var publish = new List<Shelter>();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var result = await apply(tx, centre, now, publish);
        if (!result.Succeeded || publish.Count == 0)
        {
            return result; // nothing written (a failure, or a repeated scan): the transaction rolls back
        }

        if (!publish[0].Open)
        {
            return Outcome<CheckInResult>.Conflict(Closed(centre)); // closed while we were scanning
        }

        await tx.CommitAsync(cancellationToken);
        foreach (var changed in publish)
        {
            shelters.Publish(changed);
        }

        return result;
    }

    /// <summary>Locks the status rows of the centres in id order (every writer takes them in the same order).</summary>
    private static Task LockCentresAsync(NpgsqlTransaction tx, long[] facilities, CancellationToken cancellationToken) =>
        tx.ExecAsync("SELECT 1 FROM ops.shelter_status WHERE facility_id = ANY($1) ORDER BY facility_id FOR UPDATE",
            [facilities], cancellationToken);

    /// <summary>The household of a code or id, its row locked, with the centre it is checked in at now (if any).</summary>
    private static async Task<Found?> FindAsync(NpgsqlTransaction tx, CheckInTarget target, CancellationToken cancellationToken)
    {
        var byToken = target.Code is not null;
        var rows = await tx.QueryAsync(
            """
            SELECT e.id, e.name, e.household_size,
                   (SELECT k.facility_id FROM ops.checkins k WHERE k.evacuee_id = e.id AND k.checked_out_at IS NULL)
            FROM ops.evacuees e WHERE ($1 AND e.token_hash = $2) OR (NOT $1 AND e.id = $3) FOR UPDATE OF e
            """,
            [byToken, byToken ? EvacueeToken.Hash(EvacueeToken.Parse(target.Code)!) : Array.Empty<byte>(), target.EvacueeId ?? 0L],
            r => new Found(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt64(3)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<EvacueeStay?> StayAsync(NpgsqlDataSource db, long evacuee, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(
            """
            SELECT k.facility_id, f.name, k.checked_out_at IS NULL, coalesce(k.checked_out_at, k.checked_in_at)
            FROM ops.checkins k JOIN gis.facilities f ON f.id = k.facility_id
            WHERE k.evacuee_id = $1 ORDER BY k.id DESC LIMIT 1
            """, [evacuee], r => new EvacueeStay(r.GetInt64(0).ToString(CultureInfo.InvariantCulture), r.GetString(1),
                r.GetBoolean(2) ? "checked-in" : "checked-out", r.GetFieldValue<DateTimeOffset>(3)), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static long FacilityId(Shelter centre) => long.Parse(centre.Id, CultureInfo.InvariantCulture);

    private static string NotAllowed(Actor actor, Shelter centre) =>
        $"{actor.Role} {actor.Shelter ?? actor.District ?? actor.Subject} may not work at centre {centre.Id} " +
        $"(district {centre.District ?? "unknown"}) / この避難所の受付を行う権限がありません";

    private static string Closed(Shelter centre) =>
        $"centre {centre.Id} is closed: open it before checking people in / 避難所が開設されていません";

    /// <summary>A household found by its code or id; <see cref="OpenAt"/> the centre it is checked in at now.</summary>
    private sealed record Found(long Id, string Name, int Size, long? OpenAt);
}
