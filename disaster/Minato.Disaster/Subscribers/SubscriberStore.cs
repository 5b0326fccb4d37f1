using Minato.Disaster.Results;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Minato.Disaster.PublicAlerts;
using Minato.Disaster.Security;
using Minato.Audit;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Minato.Disaster.Subscribers;

/// <summary>
/// <c>ops.subscribers</c>: register, list, read and delete e-mail subscribers. Every write and every read is audited
/// (<c>subscriber.create</c>, <c>subscriber.read</c>, <c>subscriber.delete</c>) with ids only, never the address.
/// The area is stored as geometry (district union, point or polygon, EPSG:6668) and matched against alert areas.
/// </summary>
public sealed partial class SubscriberStore(NpgsqlDataSource db, TimeProvider time, PublicAlertOptions options)
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 6668);

    public async Task<Outcome<Subscriber>> CreateAsync(Actor actor, SubscriberRequest? request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var (checkedArea, error) = await CheckAsync(request, tx, cancellationToken);
        if (checkedArea is not { } c)
        {
            return Outcome<Subscriber>.Invalid(error!);
        }

        var now = time.GetUtcNow();
        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO ops.subscribers (email, language, area_kind, districts, geom, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id
            """, conn, tx))
        {
            insert.Parameters.AddWithValue(c.Email);
            insert.Parameters.AddWithValue(c.Language);
            insert.Parameters.AddWithValue(c.Kind);
            insert.Parameters.AddWithValue(c.Districts);
            insert.Parameters.AddWithValue(c.Geometry);
            insert.Parameters.AddWithValue(now);
            insert.Parameters.AddWithValue(actor.Subject);
            if (await insert.ExecuteScalarAsync(cancellationToken) is not long newId)
            {
                return Outcome<Subscriber>.Conflict("this e-mail address is already registered");
            }

            id = newId;
        }

        await AuditLog.AppendAsync(tx, actor.Audit("subscriber.create", "subscriber", Id(id), new { language = c.Language, area = c.Kind,
            districts = c.Districts }),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return Outcome<Subscriber>.Created(new Subscriber(id, c.Email, c.Language, c.AreaJson, c.Districts, now));
    }

    /// <summary>Checks a registration (address, language, area against the ward and its districts) inside <paramref name="tx"/>.</summary>
    internal async Task<(CheckedSubscriber?, string?)> CheckAsync(SubscriberRequest? request, NpgsqlTransaction tx,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return (null, "a JSON body is required");
        }

        var email = request.Email?.Trim();
        if (email is null || email.Length > 254 || !EmailPattern().IsMatch(email) || !MimeKit.MailboxAddress.TryParse(email, out _))
        {
            return (null, "email: a valid e-mail address is required (user@example.jp)");
        }

        if (!AlertLanguages.IsKnown(request.Language))
        {
            return (null, $"language: use ja, en, zh, ko or ja-easy, not '{request.Language}'");
        }

        var area = request.Area;
        var given = area is null ? 0 : (area.Districts is null ? 0 : 1) + (Present(area.Point) ? 1 : 0) + (Present(area.Polygon) ? 1 : 0);
        if (given != 1)
        {
            return (null, "area: give exactly one of districts, point and polygon");
        }

        Geometry? geom = null;
        string kind;
        string[] districts = [];
        JsonElement areaJson;
        if (area!.Districts is { } ids)
        {
            kind = "districts";
            if (ids.Count == 0 || ids.Count > 10 || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
            {
                return (null, "area.districts: 1–10 distinct district ids");
            }

            districts = [.. ids.Order(StringComparer.Ordinal)];
            areaJson = JsonSerializer.SerializeToElement(new { districts });
        }
        else if (Present(area.Point))
        {
            kind = "point";
            if (ParsePoint(area.Point!.Value) is not { } point)
            {
                return (null, "area.point: a GeoJSON Point [lon, lat] is required");
            }

            geom = point;
            areaJson = JsonSerializer.SerializeToElement(new { point = area.Point });
        }
        else
        {
            kind = "polygon";
            if (PublicAlertValidator.ParsePolygon(area.Polygon!.Value, options.MaxPolygonVertices, out var error) is not { } polygon)
            {
                return (null, "area.polygon: " + error);
            }

            geom = polygon;
            areaJson = JsonSerializer.SerializeToElement(new { polygon = area.Polygon });
        }

        if (kind == "districts")
        {
            await using var check = new NpgsqlCommand(
                "SELECT array(SELECT unnest($1::text[]) EXCEPT SELECT id FROM gis.districts), (SELECT ST_Multi(ST_Union(geom)) FROM " +
                    "gis.districts WHERE id = ANY($1))",
                tx.Connection, tx);
            check.Parameters.AddWithValue(districts);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var unknown = reader.GetFieldValue<string[]>(0);
            if (unknown.Length > 0)
            {
                return (null, $"area.districts: unknown district(s): {string.Join(", ", unknown)}");
            }

            geom = reader.GetFieldValue<Geometry>(1);
        }
        else
        {
            await using var inside = new NpgsqlCommand(
                "SELECT coalesce((SELECT ST_Intersects(ST_Transform($1, 6677), ST_Buffer(ST_Transform(ST_Union(geom), 6677), $2)) FROM " +
                    "gis.boundary), false)",
                tx.Connection, tx);
            inside.Parameters.AddWithValue(geom!);
            inside.Parameters.AddWithValue(options.WardToleranceMetres);
            if (!(bool)(await inside.ExecuteScalarAsync(cancellationToken))!)
            {
                return (null, $"area.{kind}: not in Minato City (or the ward boundary is not loaded)");
            }
        }

        return (new CheckedSubscriber(email, request.Language!, kind, districts, geom!, areaJson), null);
    }

    /// <summary>Every subscriber (audited as one <c>subscriber.read</c> listing the ids returned).</summary>
    public async Task<IReadOnlyList<Subscriber>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync(null, cancellationToken);
        await AuditLog.AppendAsync(db, actor.Audit("subscriber.read", "subscriber", null, new { ids = result.Select(s
            => s.Id).ToArray() }), cancellationToken);
        return result;
    }

    /// <summary>One subscriber, or null (a read that finds someone is audited).</summary>
    public async Task<Subscriber?> GetAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        var result = await QueryAsync(id, cancellationToken);
        if (result.Count == 0)
        {
            return null;
        }

        await AuditLog.AppendAsync(db, actor.Audit("subscriber.read", "subscriber", Id(id)), cancellationToken);
        return result[0];
    }

    /// <summary>Deletes a subscriber (their past deliveries stay, without the link); false when there is none.</summary>
    public async Task<bool> DeleteAsync(Actor actor, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("DELETE FROM ops.subscribers WHERE id = $1", conn, tx);
        cmd.Parameters.AddWithValue(id);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await AuditLog.AppendAsync(tx, actor.Audit("subscriber.delete", "subscriber", Id(id)), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Deletes the subscriber holding <paramref name="token"/> (the link in every alert e-mail), audited as
    /// <c>subscriber.unsubscribe</c> by actor <c>public</c>; false for an unknown token.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return false;
        }

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("DELETE FROM ops.subscribers WHERE unsubscribe_token = $1 RETURNING id", conn, tx);
        cmd.Parameters.AddWithValue(token);
        if (await cmd.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return false;
        }

        await AuditLog.AppendAsync(tx, new AuditRecord("public", "public", "subscriber.unsubscribe", "subscriber", Id(id)),
            cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<List<Subscriber>> QueryAsync(long? id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT id, email, language, area_kind, districts, ST_AsGeoJSON(geom, 7)::text, created_at FROM ops.subscribers
            WHERE $1::bigint IS NULL OR id = $1 ORDER BY id
            """);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bigint, (object?)id ?? DBNull.Value);
        var list = new List<Subscriber>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = reader.GetString(3);
            var districts = reader.GetFieldValue<string[]>(4);
            using var geo = JsonDocument.Parse(reader.GetString(5));
            var area = kind == "districts"
                ? JsonSerializer.SerializeToElement(new { districts })
                : JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [kind] = geo.RootElement.Clone() });
            list.Add(new Subscriber(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), area, districts,
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }

    private static bool Present(JsonElement? e) => e is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

    private static Point? ParsePoint(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var type) || type.GetString() != "Point"
            || !json.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
            || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        var lon = c[0].GetDouble();
        var lat = c[1].GetDouble();
        return lon is >= -180 and <= 180 && lat is >= -90 and <= 90 ? Factory.CreatePoint(new Coordinate(lon, lat)) : null;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+$")]
    private static partial Regex EmailPattern();
}
