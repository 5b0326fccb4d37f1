using System.Collections.Frozen;
using Minato.Gis.Database;
using Minato.Gis.Layers;
using Npgsql;

namespace Minato.Gis.Tiles;

/// <summary>
/// Renders a layer's tile with <c>ST_AsMVT</c> in PostGIS. The statement of every layer is built once (on first use,
/// because whether a layer's id column is an integer is read from the database) and reused; the connection pool keeps
/// it prepared. Thread-safe; one instance per process.
/// </summary>
public sealed class TileSource(NpgsqlDataSource dataSource, LayerCatalog catalog)
{
    private const string IdTypesSql = """
        SELECT l.ord, t.typname IN ('int2', 'int4', 'int8')
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS l(rel, col, ord)
        JOIN pg_attribute a ON a.attrelid = to_regclass(l.rel) AND a.attname = l.col
        JOIN pg_type t ON t.oid = a.atttypid
        """;

    private readonly SemaphoreSlim _init = new(1, 1);
    private volatile FrozenDictionary<string, TileStatement>? _sql;

    /// <summary>The statement of each layer, by collection id (for tests, the benchmark and diagnostics).</summary>
    public async Task<IReadOnlyDictionary<string, TileStatement>> GetStatementsAsync(CancellationToken cancellationToken = default) =>
        _sql ?? await BuildAsync(cancellationToken);

    /// <summary>The raw MVT bytes of one tile of <paramref name="layer"/> (empty when no feature falls in it).</summary>
    public async Task<byte[]> RenderAsync(LayerDefinition layer, TileCoordinate tile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var statements = _sql ?? await BuildAsync(cancellationToken);
        if (!statements.TryGetValue(layer.Id, out var statement))
        {
            throw new ArgumentException($"layer '{layer.Id}' is not in the catalog", nameof(layer));
        }

        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        // The text is built by TileSqlBuilder from the catalog (code), never from the request; z/x/y are parameters.
        await using var cmd = Sql.Command(conn, statement.Sql);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tile.Z });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tile.X });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tile.Y });
        // Prepared once per physical connection (Npgsql keeps it across pool returns): PostGIS planning is skipped after that.
        await cmd.PrepareAsync(cancellationToken);
        return await cmd.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }

    private async Task<FrozenDictionary<string, TileStatement>> BuildAsync(CancellationToken cancellationToken)
    {
        await _init.WaitAsync(cancellationToken);
        try
        {
            if (_sql is { } built)
            {
                return built;
            }

            var layers = catalog.All;
            var integerId = new bool[layers.Count];
            await using (var cmd = dataSource.CreateCommand(IdTypesSql))
            {
                cmd.Parameters.AddWithValue(layers.Select(l => $"\"{l.Schema}\".\"{l.Table}\"").ToArray());
                cmd.Parameters.AddWithValue(layers.Select(l => l.IdColumn).ToArray());
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    integerId[reader.GetInt64(0) - 1] = reader.GetBoolean(1);
                }
            }

            var sql = layers.Select((l, i) => KeyValuePair.Create(l.Id, new TileStatement(TileSqlBuilder.Build(l, integerId[i]),
                integerId[i])))
                .ToFrozenDictionary(StringComparer.Ordinal);
            _sql = sql;
            return sql;
        }
        finally
        {
            _init.Release();
        }
    }
}
