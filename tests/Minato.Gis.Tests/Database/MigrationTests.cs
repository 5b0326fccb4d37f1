using Minato.Gis.Database;
using Minato.Testing;

namespace Minato.Gis.Tests.Database;

public sealed class MigrationTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothing()
    {
        var again = DatabaseMigrator.Migrate(fixture.Database.ConnectionString);

        Assert.True(again.Succeeded, again.Error);
        Assert.Empty(again.Applied);
        Assert.True(await fixture.Database.ScalarAsync<bool>("SELECT to_regclass('gis.hazard_areas') IS NOT NULL"));
    }

    [Fact]
    public async Task LayerChange_BumpsLayerVersion()
    {
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.borings (source, source_id, total_depth_m, geom) VALUES ('t', 'b1', 10, ST_SetSRID(ST_Point(139.74, 35.65), " +
                "6668))");

        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT version FROM gis.layer_versions WHERE layer = 'borings'") >= 1);
    }
}
