using Minato.Gis.Import;

namespace Minato.Disaster.Tests.StayFacilities;

/// <summary>
/// <see cref="StayFacilitiesHost"/> plus the demo road network of <c>./minato demo</c> (data/demo/roads.geojson, 648 noded
/// segments clipped to the real ward; 台場 is a network of its own, no bridge): the walking distances of the nearest list.
/// </summary>
public sealed class StayRoutingHost : StayFacilitiesHost
{
    protected override async Task AfterImportAsync()
    {
        var roads = Path.Combine(TestEnvironment.RepositoryRoot, "data", "demo", "roads.geojson");
        var result = await new LayerImporter(Database.DataSource, TimeProvider.System)
            .ImportAsync("roads", roads, new ImportOptions { Source = DemoDataset.Source });
        Assert.True(result.Succeeded, "importing the demo roads failed");
    }

    /// <summary>Blocks (or opens again) the roads with these source ids, as a committed road-blocked report does.</summary>
    public async Task BlockAsync(bool blocked, params string[] sourceIds)
    {
        await using var cmd = Database.DataSource.CreateCommand("UPDATE gis.roads SET blocked = $1 WHERE source_id = ANY($2)");
        cmd.Parameters.AddWithValue(blocked);
        cmd.Parameters.AddWithValue(sourceIds);
        Assert.Equal(sourceIds.Length, await cmd.ExecuteNonQueryAsync());
    }
}
