using Minato.Gis.Import;
using Minato.Gis.Tests.Import;
using Minato.Testing;
using Npgsql;

namespace Minato.Gis.Tests.Routing;

/// <summary>A database of its own holding the real Shibuya OSM extract as the routing network (imported once per class).</summary>
public sealed class ShibuyaNetworkFixture : IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Database => _db ?? throw new InvalidOperationException("fixture not initialised");

    public NpgsqlDataSource DataSource => Database.DataSource;

    public ImportResult Import { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Import = await ImportTestKit.Importer(_db).ImportAsync("roads",
            TestEnvironment.RequireSharedFile("roads/osm_shibuya_sample.osm"), new ImportOptions { Source = "osm" });
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    /// <summary>pgRouting's length of the shortest walk between two road nodes (the oracle), or null when unreachable.</summary>
    public async Task<double?> PgrDijkstraAsync(long from, long to, string extraFilter = "true")
    {
        await using var cmd = DataSource.CreateCommand($"""
            SELECT max(agg_cost) FROM pgr_dijkstra(
                'SELECT id, source_node AS source, target_node AS target, length_m AS cost, length_m AS reverse_cost
                 FROM gis.roads WHERE foot AND NOT blocked AND {extraFilter}', $1, $2, directed => false)
            WHERE edge = -1
            """);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        var v = await cmd.ExecuteScalarAsync();
        return v is double d ? d : null;
    }
}
