using System.Globalization;
using Minato.Audit;
using Minato.Disaster.Geo;
using Minato.Disaster.Results;
using Minato.Disaster.Security;
using Minato.Disaster.Shelters;
using Minato.Disaster.Situation;
using Minato.Gis.Database;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Disaster.StayFacilities;

/// <summary>
/// Temporary-stay facilities (gis.facilities of kind <c>stay_facility</c>) and their live state
/// (<c>ops.stay_facility_status</c>): read by anyone (no personal data), written by the facility's staff or HQ, every write
/// audited in its transaction and published live after commit. Thread-safe.
/// </summary>
public sealed class StayFacilityStore(NpgsqlDataSource db, TimeProvider time, ISituationBus bus)
{
    internal const string SelectSql =
        """
        SELECT f.id, f.name, f.address, ST_X(f.geom), ST_Y(f.geom), coalesce(s.status, 'not_opened'), coalesce(s.capacity, f.capacity),
               coalesce(s.accepted, 0), coalesce(s.water, false), coalesce(s.food, false), coalesce(s.blankets, false),
               coalesce(s.toilets, false), coalesce(s.power, false), coalesce(s.wifi, false), s.updated_at, s.updated_by
        FROM gis.facilities f LEFT JOIN ops.stay_facility_status s ON s.facility_id = f.id
        WHERE f.kind = 'stay_facility' AND ($1::bigint IS NULL OR f.id = $1)
        ORDER BY f.id
        """;

    internal const string WaterPointsSql =
        "SELECT id, name, address, ST_X(geom), ST_Y(geom) FROM gis.facilities WHERE kind = 'water_point' ORDER BY id";

    /// <summary>Every stay facility with its state, by id.</summary>
    public Task<IReadOnlyList<StayFacility>> ListAsync(CancellationToken cancellationToken = default) =>
        db.QueryAsync(SelectSql, [Sql.Typed(NpgsqlDbType.Bigint, null)], Read, cancellationToken);

    /// <summary>One stay facility, or null.</summary>
    public async Task<StayFacility?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        TryParseId(id, out var facility)
            ? (await db.QueryAsync(SelectSql, [facility], Read, cancellationToken)).FirstOrDefault()
            : null;

    /// <summary>
    /// The accepting facilities nearest to (lon, lat) by <paramref name="distance"/> (walking where the network reaches, a
    /// straight line where it does not, each said so), nearest first, at most <paramref name="limit"/>; facilities that
    /// cannot be reached on foot are left out. The kind of the answer is <c>walking</c> only when every listed distance is.
    /// </summary>
    public async Task<NearestStay> NearestAsync(
        double lon, double lat, int limit, IStayDistance distance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distance);
        IReadOnlyList<StayFacility> all;
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            // The station page's read (public, the surge's): prepared, as the other hot public reads.
            all = await conn.QueryPreparedAsync(SelectSql, [Sql.Typed(NpgsqlDbType.Bigint, null)], Read, cancellationToken);
        }

        var accepting = all.Where(f => f.Status == StayStatuses.Accepting).ToList();
        var measured = await distance.MeasureAsync(lon, lat,
            accepting.Select(f => (f.Location.Coordinates[0], f.Location.Coordinates[1])).ToList(), cancellationToken);
        var listed = accepting.Select((f, i) => (Facility: f, Distance: measured.Targets[i]))
            .Where(p => p.Distance is not null)
            .Select(p => (p.Facility, Distance: p.Distance! with
            {
                Metres = Math.Round(p.Distance.Metres),
                WalkMinutes = p.Distance.WalkMinutes is { } m ? Math.Ceiling(m) : null,
            }))
            .OrderBy(p => p.Distance.Metres).ThenBy(p => p.Facility.Id, StringComparer.Ordinal)
            .Take(limit).ToList();
        var kind = measured.OriginKind == StayDistanceKinds.Walking && listed.All(p => p.Distance.Kind == StayDistanceKinds.Walking)
            ? StayDistanceKinds.Walking
            : StayDistanceKinds.StraightLine;
        return new NearestStay(kind, listed);
    }

    /// <summary>
    /// The water points (給水拠点, facility kind <c>water_point</c>) nearest to (lon, lat), straight line; empty when none are
    /// loaded.
    /// </summary>
    public async Task<IReadOnlyList<NearbyWaterPoint>> WaterPointsNearAsync(double lon, double lat, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var all = await conn.QueryPreparedAsync(WaterPointsSql, null,
            r => new NearbyWaterPoint(r.GetInt64(0).ToString(CultureInfo.InvariantCulture), r.GetString(1),
                r.IsDBNull(2) ? null : r.GetString(2), PointGeometry.Of(r.GetDouble(3), r.GetDouble(4)), 0), cancellationToken);
        return all.Select(w => w with
            {
                DistanceM = Math.Round(StraightLineDistance.Metres(lon, lat, w.Location.Coordinates[0], w.Location.Coordinates[1])),
            })
            .OrderBy(w => w.DistanceM).Take(limit).ToList();
    }

    /// <summary>Sets a facility's status, people accepted, capacity and supplies: its own staff or HQ. Audited, published live.</summary>
    public async Task<Outcome<StayFacility>> UpdateAsync(Actor actor, string id, StayFacilityUpdate update,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(update);
        if (!TryParseId(id, out var facility))
        {
            return Outcome<StayFacility>.NotFound($"no stay facility '{id}'");
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var before = await LockAsync(tx, facility, cancellationToken);
        if (before is null)
        {
            return Outcome<StayFacility>.NotFound($"no stay facility '{id}'");
        }

        if (!actor.CanActForFacility(before.Id))
        {
            return Outcome<StayFacility>.Forbidden(
                $"{actor.Role} {actor.Facility ?? actor.District ?? actor.Subject} may not update stay facility {before.Id} " +
                "/ この施設を更新する権限がありません");
        }

        var after = await WriteAsync(tx, actor, before, update, "stay-facility.update", null, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        bus.Publish([StayFacilityChanges.Change(after)]);
        return Outcome<StayFacility>.Ok(after);
    }

    /// <summary>The facility's row locked in <paramref name="tx"/>, or null.</summary>
    internal async Task<StayFacility?> LockAsync(NpgsqlTransaction tx, long facility, CancellationToken cancellationToken) =>
        (await tx.QueryAsync(SelectSql + " FOR UPDATE OF f", [facility], Read, cancellationToken)).FirstOrDefault();

    /// <summary>
    /// Writes <paramref name="update"/> over <paramref name="before"/> (locked) in <paramref name="tx"/> and audits it as
    /// <paramref name="auditAction"/> (with the task that made it, if any); the caller commits and publishes.
    /// </summary>
    internal async Task<StayFacility> WriteAsync(NpgsqlTransaction tx, Actor actor, StayFacility before, StayFacilityUpdate update,
        string auditAction, long? task, CancellationToken cancellationToken)
    {
        var facility = long.Parse(before.Id, CultureInfo.InvariantCulture);
        var supplies = update.Supplies ?? before.Supplies;
        await tx.ExecAsync(
            """
            INSERT INTO ops.stay_facility_status (facility_id, status, capacity, accepted, water, food, blankets, toilets, power, wifi,
                                                  updated_at, updated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (facility_id) DO UPDATE SET status = $2, capacity = coalesce($3, ops.stay_facility_status.capacity),
                accepted = $4, water = $5, food = $6, blankets = $7, toilets = $8, power = $9, wifi = $10, updated_at = $11,
                updated_by = $12
            """,
            [facility, update.Status!, Sql.Typed(NpgsqlDbType.Integer, update.Capacity), update.Accepted!.Value, supplies.Water,
                supplies.Food, supplies.Blankets, supplies.Toilets, supplies.Power, supplies.Wifi, time.GetUtcNow(), actor.Subject],
            cancellationToken);
        var after = (await tx.QueryAsync(SelectSql, [facility], Read, cancellationToken))[0];
        await AuditLog.AppendAsync(tx, actor.Audit(auditAction, "stay-facility", after.Id, new
        {
            from = before.Status,
            to = after.Status,
            accepted = after.Accepted,
            capacity = after.Capacity,
            suppliesChanged = before.Supplies != after.Supplies,
            task,
        }), cancellationToken);
        return after;
    }

    private static StayFacility Read(NpgsqlDataReader r)
    {
        var status = r.GetString(5);
        int? capacity = r.IsDBNull(6) ? null : r.GetInt32(6);
        var accepted = r.GetInt32(7);
        var crowding = status == StayStatuses.Full ? Crowding.Full : Crowding.Level(accepted, capacity);
        return new StayFacility(
            r.GetInt64(0).ToString(CultureInfo.InvariantCulture), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2),
            PointGeometry.Of(r.GetDouble(3), r.GetDouble(4)), status, StayStatuses.Label(status), capacity, accepted, crowding,
            Crowding.Label(crowding),
            new StaySupplies(r.GetBoolean(8), r.GetBoolean(9), r.GetBoolean(10), r.GetBoolean(11), r.GetBoolean(12), r.GetBoolean(13)),
            r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14), r.IsDBNull(15) ? null : r.GetString(15));
    }

    private static bool TryParseId(string id, out long facility) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out facility) && facility > 0;
}

/// <summary>The nearest accepting facilities with their distances and the kind said for the whole answer.</summary>
public sealed record NearestStay(string Kind, IReadOnlyList<(StayFacility Facility, StayDistance Distance)> Facilities);

/// <summary>A water point (給水拠点) near a station or a person, straight-line metres.</summary>
public sealed record NearbyWaterPoint(string Id, string Name, string? Address, PointGeometry Location, double DistanceM);
