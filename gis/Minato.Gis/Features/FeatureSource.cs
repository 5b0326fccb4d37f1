using Minato.Gis.Crs;
using Minato.Gis.Layers;
using Npgsql;

namespace Minato.Gis.Features;

/// <summary>Reads features of catalog layers from PostGIS as GeoJSON fragments. Thread-safe (a singleton).</summary>
public sealed class FeatureSource(NpgsqlDataSource dataSource)
{
    /// <summary>One page of <paramref name="query"/> and the total number of matches, in one round trip.</summary>
    public async Task<FeaturePage> GetItemsAsync(FeatureQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { FeatureSql.Count(query).ToBatchCommand(), FeatureSql.Items(query).ToBatchCommand() },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var matched = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<FeatureRow>(Math.Min(query.Limit, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }

        return new FeaturePage(matched, rows);
    }

    /// <summary>One feature by id, or null when there is none (including an id that cannot be of the id column's type).</summary>
    public async Task<FeatureRow?> GetFeatureAsync(LayerDefinition layer, string id, CrsDefinition crs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(crs);
        await using var command = FeatureSql.Feature(layer, id, crs).ToCommand(dataSource);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadRow(reader) : null;
        }
        catch (PostgresException e)
            when (e.SqlState is PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.NumericValueOutOfRange)
        {
            // "abc" or 99999999999999999999 for a bigint id: no such feature, not a server error.
            return null;
        }
    }

    /// <summary>The layer's bounding box (CRS84) and temporal range; nulls when it has no rows.</summary>
    public async Task<CollectionExtent> GetExtentAsync(LayerDefinition layer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        await using var command = FeatureSql.Extent(layer).ToCommand(dataSource);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double[]? bbox = reader.IsDBNull(0)
            ? null
            : [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)];
        DateTimeOffset? start = reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero);
        DateTimeOffset? end = reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero);
        return new CollectionExtent(bbox, start, end);
    }

    private static FeatureRow ReadRow(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
}
