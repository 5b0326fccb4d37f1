using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Npgsql;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Resolves a draft's area against <c>gis.districts</c> and <c>gis.boundary</c>: district ids must exist (their union
/// is the area); a polygon must lie inside the ward (within <see cref="PublicAlertOptions.WardToleranceMetres"/>,
/// measured in EPSG:6677). Returns the area or the reason it is refused.
/// </summary>
public static class AlertAreaResolver
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 6668);

    public static async Task<(AlertArea? Area, string? Error)> ResolveAsync(
        NpgsqlDataSource db, AlertDraft draft, PublicAlertOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(options);
        return draft.Districts is { } ids ? await DistrictsAsync(db, ids, cancellationToken)
            : draft.Chome is { } keys ? await ChomeAsync(db, keys, cancellationToken)
            : await PolygonAsync(db, draft.Polygon!, options, cancellationToken);
    }

    /// <summary>Most 町丁目 names written out in areaDesc; the rest are counted.</summary>
    private const int NamedChome = 20;

    private static async Task<(AlertArea?, string?)> ChomeAsync(NpgsqlDataSource db, IReadOnlyList<string> keys,
        CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT key_code, name, district, geom FROM gis.chome WHERE key_code = ANY($1) ORDER BY key_code");
        cmd.Parameters.AddWithValue(keys.ToArray());
        var rows = new List<(string Key, string Name, string District)>();
        var parts = new List<Geometry>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                parts.Add(reader.GetFieldValue<Geometry>(3));
            }
        }

        var unknown = keys.Except(rows.Select(r => r.Key), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"unknown 町丁目 KEY_CODE(s): {string.Join(", ", unknown.Take(10))} (see the chome layer: /ogc/collections/chome)");
        }

        var union = ToMulti(UnaryUnionOp.Union(parts));
        var names = rows.Select(r => r.Name).ToList();
        var more = names.Count - NamedChome;
        var ja = string.Join("・", names.Take(NamedChome)) + (more > 0 ? $" ほか{more}町丁目" : "");
        var en = string.Join(", ", names.Take(NamedChome)) + (more > 0 ? $" and {more} more" : "");
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "港区 " + ja, ["en"] = "Minato City: " + en, ["zh"] = "港区 " + ja, ["ko"] = "미나토구: " + en,
            ["ja-easy"] = "みなとく " + ja,
        };
        var districts = rows.Select(r => r.District).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return (new AlertArea(AlertArea.ChomeKind, districts, union, description, rows.Select(r => r.Key).ToList()), null);
    }

    private static async Task<(AlertArea?, string?)> DistrictsAsync(NpgsqlDataSource db, IReadOnlyList<string> ids,
        CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT id, name_ja, name_en, geom FROM gis.districts WHERE id = ANY($1) ORDER BY id");
        cmd.Parameters.AddWithValue(ids.ToArray());
        var names = new List<(string Id, string Ja, string En)>();
        var parts = new List<Geometry>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                parts.Add(reader.GetFieldValue<Geometry>(3));
            }
        }

        var unknown = ids.Except(names.Select(n => n.Id), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"unknown district(s): {string.Join(", ", unknown)} (known: shiba, azabu, akasaka, takanawa, shibaura-konan)");
        }

        var union = ToMulti(UnaryUnionOp.Union(parts));
        var ja = string.Join("・", names.Select(n => n.Ja));
        var en = string.Join(", ", names.Select(n => n.En));
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "港区 " + ja, ["en"] = "Minato City: " + en, ["zh"] = "港区 " + ja, ["ko"] = "미나토구: " + en,
            ["ja-easy"] = "みなとく " + ja,
        };
        return (new AlertArea(AlertArea.DistrictsKind, names.Select(n => n.Id).ToList(), union, description), null);
    }

    private static async Task<(AlertArea?, string?)> PolygonAsync(NpgsqlDataSource db, Polygon polygon, PublicAlertOptions options,
        CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT (SELECT count(*) FROM gis.boundary),
                   (SELECT ST_CoveredBy(ST_Transform($1, 6677), ST_Buffer(ST_Transform(ST_Union(geom), 6677), $2)) FROM gis.boundary),
                   (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM gis.districts
                     WHERE ST_Intersects(geom, $1) AND NOT ST_Touches(geom, $1))
            """);
        cmd.Parameters.AddWithValue(polygon);
        cmd.Parameters.AddWithValue(options.WardToleranceMetres);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetInt64(0) == 0)
        {
            return (null,
                "the ward boundary (gis.boundary) is not loaded, so a polygon cannot be checked; use districts or import the boundary");
        }

        if (!reader.GetBoolean(1))
        {
            return (null,
                $"polygon is not inside Minato City (it reaches more than {options.WardToleranceMetres:0} m outside the ward boundary)");
        }

        var districts = reader.GetFieldValue<string[]>(2);
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ja"] = "港区内の指定区域", ["en"] = "Designated area in Minato City", ["zh"] = "港区内的指定区域",
            ["ko"] = "미나토구 내 지정 구역", ["ja-easy"] = "みなとくの なかの きめられた ところ",
        };
        return (new AlertArea(AlertArea.PolygonKind, districts, Factory.CreateMultiPolygon([polygon]), description), null);
    }

    private static MultiPolygon ToMulti(Geometry geometry) => geometry switch
    {
        MultiPolygon mp => mp,
        Polygon p => Factory.CreateMultiPolygon([p]),
        _ => Factory.CreateMultiPolygon(Enumerable.Range(0, geometry.NumGeometries).Select(
            geometry.GetGeometryN).OfType<Polygon>().ToArray()),
    };
}
