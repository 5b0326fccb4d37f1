using System.Globalization;
using Minato.Gis.Import;

namespace Minato.Disaster.Tests.Reports;

/// <summary>
/// The real host on a database of its own holding the demo ward outline and districts (data/demo) and a small road
/// scene laid out in metres around <see cref="Lon"/>, <see cref="Lat"/> (in Shiba): roads ew-west (−200…0 m, y 0),
/// ew-east (0…200 m, y 0), ns-south (x 0, −200…0 m), ns-north (x 0, 0…200 m) meeting at the origin, and far (y 100 m).
/// </summary>
public class ReportsHost : MinatoApiFactory, IAsyncLifetime
{
    public const double Lon = 139.7500;
    public const double Lat = 35.6600;

    /// <summary>A point in Azabu (not Shiba).</summary>
    public const double AzabuLon = 139.7250;
    public const double AzabuLat = 35.6550;

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var demo = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo");
        var importer = new LayerImporter(Database.DataSource, TimeProvider.System);
        foreach (var layer in new[] { "boundary", "districts" })
        {
            var file = layer == "boundary" ? TestEnvironment.WardBoundaryFile : Path.Combine(demo, layer + ".geojson");
            var result = await importer.ImportAsync(layer, file, new ImportOptions { Source = "demo" });
            Assert.True(result.Succeeded, $"loading demo {layer} failed");
        }

        await Database.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            WITH o AS (SELECT ST_Transform(ST_SetSRID(ST_Point({Lon}, {Lat}), 6668), 6677) AS p)
            INSERT INTO gis.roads (source, source_id, road_class, geom)
            SELECT 'test', v.id, 'residential',
                   ST_Transform(ST_SetSRID(ST_MakeLine(ST_Point(ST_X(p) + v.x1, ST_Y(p) + v.y1), ST_Point(ST_X(p) + v.x2, ST_Y(p) + v.y2)),
                     6677), 6668)
            FROM o, (VALUES ('ew-west', -200, 0, 0, 0), ('ew-east', 0, 0, 200, 0), ('ns-south', 0, -200, 0, 0),
                            ('ns-north', 0, 0, 0, 200), ('far', -200, 100, 200, 100)) v(id, x1, y1, x2, y2)
            """));
    }

    /// <summary>Lon/lat of the point <paramref name="east"/>, <paramref name="north"/> metres from the scene's origin.</summary>
    public async Task<(double Lon, double Lat)> OffsetAsync(double east, double north)
    {
        await using var cmd = Database.DataSource.CreateCommand(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(ST_Translate(ST_Transform(ST_SetSRID(ST_Point($1, $2), 6668), 6677), $3, " +
                "$4), 6668) AS g) q");
        cmd.Parameters.AddWithValue(Lon);
        cmd.Parameters.AddWithValue(Lat);
        cmd.Parameters.AddWithValue(east);
        cmd.Parameters.AddWithValue(north);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    /// <summary>The source ids of the blocked test roads, sorted.</summary>
    public async Task<string[]> BlockedRoadsAsync()
    {
        await using var cmd = Database.DataSource.CreateCommand("SELECT source_id FROM gis.roads WHERE blocked ORDER BY source_id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }

        return [.. list];
    }

    public async Task<long> RoadIdAsync(string sourceId)
    {
        await using var cmd = Database.DataSource.CreateCommand("SELECT id FROM gis.roads WHERE source = 'test' AND source_id = $1");
        cmd.Parameters.AddWithValue(sourceId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
