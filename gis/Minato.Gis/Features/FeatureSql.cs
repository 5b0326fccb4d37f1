using System.Globalization;
using System.Text;
using Minato.Gis.Crs;
using Minato.Gis.Layers;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Gis.Features;

/// <summary>
/// The SQL behind the OGC features endpoints, composed of small pure functions in the manner of pg_featureserv:
/// a bbox filter, property filters, a datetime filter, order by id, limit/offset. Identifiers are quoted, values
/// are parameters, and the layer's fixed <see cref="LayerDefinition.Filter"/> (code, never input) is ANDed in.
/// </summary>
/// <remarks>
/// GeoJSON is produced by PostgreSQL (<c>ST_AsGeoJSON</c>, <c>to_json</c>) so rows arrive as JSON text.
/// Thread-safe: every function is pure.
/// </remarks>
public static class FeatureSql
{
    private const string Alias = "t";
    private static readonly NpgsqlCommandBuilder Quoter = new();

    /// <summary>The page of features: columns id (JSON), geometry (GeoJSON), properties (JSON object).</summary>
    public static SqlStatement Items(FeatureQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new List<SqlValue>();
        var where = Where(query, p);
        var sql = $"{SelectFeature(query.Layer, query.Crs)} FROM {Table(query.Layer)} {Alias}{where} {OrderById(query.Layer)} "
            + $"{LimitOffset(query.Limit, query.Offset, p)}";
        return new SqlStatement(sql, p);
    }

    /// <summary><c>count(*)</c> of the features matching the same filters as <see cref="Items"/>.</summary>
    public static SqlStatement Count(FeatureQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new List<SqlValue>();
        return new SqlStatement($"SELECT count(*) FROM {Table(query.Layer)} {Alias}{Where(query, p)}", p);
    }

    /// <summary>One feature by id. The id is sent untyped so PostgreSQL reads it as the id column's type.</summary>
    public static SqlStatement Feature(LayerDefinition layer, string id, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(id);
        var p = new List<SqlValue>();
        var conditions = new List<string>();
        if (layer.Filter is not null)
        {
            conditions.Add($"({layer.Filter})");
        }

        conditions.Add($"{Column(layer.IdColumn)} = {Add(p, id, NpgsqlDbType.Unknown)}");
        return new SqlStatement($"{SelectFeature(layer, crs)} FROM {Table(layer)} {Alias} WHERE {string.Join(" AND ", conditions)}", p);
    }

    /// <summary>Bounding box (lon/lat, CRS84) and temporal range of a layer's rows.</summary>
    public static SqlStatement Extent(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var (start, end) = layer.TemporalColumn is null
            ? ("NULL::timestamptz", "NULL::timestamptz")
            : (AsTimestamp(layer, $"min({Column(layer.TemporalColumn)})"), AsTimestamp(layer, $"max({Column(layer.TemporalColumn)})"));
        var filter = layer.Filter is null ? "" : $" WHERE ({layer.Filter})";
        // JGD2011 and WGS 84 coincide (EPSG:9936 is a null transformation), so the stored lon/lat is CRS84 as is.
        return new SqlStatement(
            $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), ts, te FROM (SELECT ST_Extent({Column(layer.GeometryColumn)}) AS e, "
            + $"{start} AS ts, {end} AS te FROM {Table(layer)} {Alias}{filter}) s",
            []);
    }

    /// <summary>SELECT list of a feature in <paramref name="crs"/>.</summary>
    public static string SelectFeature(LayerDefinition layer, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(crs);
        var props = new StringBuilder();
        foreach (var property in layer.Properties)
        {
            if (props.Length > 0)
            {
                props.Append(", ");
            }

            props.Append(PropertyValue(property)).Append(" AS ").Append(Quoter.QuoteIdentifier(property.Name));
        }

        // Properties: to_json of a one-row sub-select writes compact JSON keyed by the public names, in catalog order
        // (json_build_object pads with spaces; jsonb would reorder the keys).
        // Geometry: options 0 = no "crs" member (RFC 7946 has none) and no bbox.
        var properties = props.Length == 0 ? "'{}'" : $"(SELECT to_json(p) FROM (SELECT {props}) p)::text";
        return $"SELECT to_json({Column(layer.IdColumn)})::text, "
            + $"ST_AsGeoJSON({GeometryIn(layer, crs)}, {crs.DecimalDigits.ToString(CultureInfo.InvariantCulture)}, 0), "
            + properties;
    }

    /// <summary>The geometry expression in <paramref name="crs"/>, axes in the CRS's own order.</summary>
    public static string GeometryIn(LayerDefinition layer, CrsDefinition crs)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(crs);
        var geometry = Column(layer.GeometryColumn);
        // WGS 84 (4326 / CRS84) needs no maths from JGD2011: PROJ's EPSG:9936 is a no-op, and skipping it keeps it cheap.
        if (crs.Srid is not (LayerDefinition.StorageSrid or 4326))
        {
            geometry = $"ST_Transform({geometry}, {crs.Srid.ToString(CultureInfo.InvariantCulture)})";
        }

        // PostGIS stores east first; OGC API Part 2 wants the CRS's axis order (lat, lon for 6668; northing first for 6677).
        return crs.NorthingFirst ? $"ST_FlipCoordinates({geometry})" : geometry;
    }

    /// <summary>The WHERE clause (with a leading space) for the layer filter and the query's filters, or empty.</summary>
    public static string Where(FeatureQuery query, List<SqlValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        if (query.Layer.Filter is not null)
        {
            conditions.Add($"({query.Layer.Filter})");
        }

        if (query.BoundingBox is { } bbox)
        {
            conditions.Add(BboxFilter(query.Layer, bbox, parameters));
        }

        if (query.DateTime is { } temporal)
        {
            conditions.AddRange(TemporalFilter(query.Layer, temporal, parameters));
        }

        foreach (var filter in query.Properties)
        {
            conditions.Add(PropertyFilter(filter, parameters));
        }

        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary>
    /// Intersection with the box, the box transformed to the storage CRS so the GiST index on the column is used.
    /// </summary>
    public static string BboxFilter(LayerDefinition layer, BoundingBox bbox, List<SqlValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(bbox);
        ArgumentNullException.ThrowIfNull(parameters);
        var corners = string.Join(", ",
            Add(parameters, bbox.MinEast, NpgsqlDbType.Double), Add(parameters, bbox.MinNorth, NpgsqlDbType.Double),
            Add(parameters, bbox.MaxEast, NpgsqlDbType.Double), Add(parameters, bbox.MaxNorth, NpgsqlDbType.Double));
        var storage = LayerDefinition.StorageSrid.ToString(CultureInfo.InvariantCulture);
        // A lon/lat box (CRS84/4326) is already a JGD2011 box (null transformation); metric boxes are reprojected.
        var envelope = bbox.Crs.Srid is LayerDefinition.StorageSrid or 4326
            ? $"ST_MakeEnvelope({corners}, {storage})"
            : $"ST_Transform(ST_MakeEnvelope({corners}, {bbox.Crs.Srid.ToString(CultureInfo.InvariantCulture)}), {storage})";
        return $"ST_Intersects({Column(layer.GeometryColumn)}, {envelope})";
    }

    /// <summary>
    /// The datetime filter on the layer's temporal column: inclusive bounds; a date column stands for its whole UTC day,
    /// so it matches when that day overlaps the interval.
    /// </summary>
    public static IEnumerable<string> TemporalFilter(LayerDefinition layer, TemporalFilter filter, List<SqlValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(parameters);
        if (layer.TemporalColumn is null)
        {
            throw new ArgumentException($"layer {layer.Id} has no temporal column", nameof(layer));
        }

        var column = Column(layer.TemporalColumn);
        var isDate = IsDateColumn(layer);
        var result = new List<string>(2);
        if (filter.Start is { } start)
        {
            var p = Add(parameters, start.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            result.Add(isDate ? $"{column} >= ({p} AT TIME ZONE 'UTC')::date" : $"{column} >= {p}");
        }

        if (filter.End is { } end)
        {
            var p = Add(parameters, end.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            result.Add(isDate ? $"{column} <= ({p} AT TIME ZONE 'UTC')::date" : $"{column} <= {p}");
        }

        if (result.Count == 0)
        {
            // "../..": every feature that has a time at all.
            result.Add($"{column} IS NOT NULL");
        }

        return result;
    }

    /// <summary>Equality on a property; the value goes untyped so PostgreSQL reads it as the column's type (real, smallint …).</summary>
    public static string PropertyFilter(PropertyFilter filter, List<SqlValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(parameters);
        return $"{Column(filter.Property.Column)} = {Add(parameters, filter.Value, NpgsqlDbType.Unknown)}";
    }

    /// <summary>A stable order, so pages neither repeat nor skip features.</summary>
    public static string OrderById(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return $"ORDER BY {Column(layer.IdColumn)}";
    }

    public static string LimitOffset(int limit, long offset, List<SqlValue> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentNullException.ThrowIfNull(parameters);
        return $"LIMIT {Add(parameters, (long)limit, NpgsqlDbType.Bigint)} OFFSET {Add(parameters, offset, NpgsqlDbType.Bigint)}";
    }

    /// <summary><c>"schema"."table"</c>.</summary>
    public static string Table(LayerDefinition layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return $"{Quoter.QuoteIdentifier(layer.Schema)}.{Quoter.QuoteIdentifier(layer.Table)}";
    }

    private static string Column(string column) => $"{Alias}.{Quoter.QuoteIdentifier(column)}";

    private static string PropertyValue(LayerProperty property) => property.Type switch
    {
        // RFC 3339 in UTC whatever the session's TimeZone is.
        PropertyType.DateTime => $"to_char({Column(property.Column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
        _ => Column(property.Column),
    };

    private static bool IsDateColumn(LayerDefinition layer) =>
        layer.Properties.FirstOrDefault(p => p.Column == layer.TemporalColumn)?.Type == PropertyType.Date;

    private static string AsTimestamp(LayerDefinition layer, string expression) =>
        IsDateColumn(layer) ? $"({expression})::timestamp AT TIME ZONE 'UTC'" : $"({expression})::timestamptz";

    private static string Add(List<SqlValue> parameters, object value, NpgsqlDbType type)
    {
        parameters.Add(new SqlValue(value, type));
        return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
    }
}
