using Minato.Gis.Layers;
using Minato.Gis.Tiles;
using Minato.Testing;

namespace Minato.Gis.Tests.Tiles;

/// <summary>Renders tiles in real PostGIS and decodes them with NetTopologySuite's MVT reader. Each test uses its own spot.</summary>
public sealed class TileSourceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private readonly LayerCatalog _catalog = new(LayerCatalog.Core);

    private TileSource Source => new(fixture.DataSource, _catalog);

    private LayerDefinition Layer(string id) => _catalog.Find(id)!;

    private static string Facility(string kind, string id, double lon, double lat, int capacity = 100) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"INSERT INTO gis.facilities (kind, source, source_id, name, address, capacity, suits_flood, geom) VALUES " +
        $"('{kind}', 'test', '{id}', '施設 {id}', '港区芝公園4-2-8', {capacity}, true, ST_SetSRID(ST_Point({lon}, {lat}), 6668))");

    [Fact]
    public async Task Render_SheltersTile_OneLayerWithTheTileProperties()
    {
        await fixture.Database.ExecuteAsync(Facility("shelter", "s1", 139.7454, 35.6586, capacity: 250));
        await fixture.Database.ExecuteAsync(Facility("shelter", "s2", 139.7460, 35.6590));
        await fixture.Database.ExecuteAsync(Facility("aed", "a1", 139.7456, 35.6588));
        var tile = TileCoordinate.FromLonLat(139.7454, 35.6586, 16);
        var s1 = await fixture.Database.ScalarAsync<long>("SELECT id FROM gis.facilities WHERE source_id = 's1'");

        var bytes = await Source.RenderAsync(Layer("shelters"), tile);

        var decoded = Mvt.Decode(bytes, tile);
        var layer = Assert.Single(decoded.Layers);
        Assert.Equal("shelters", layer.Name);
        Assert.Equal(2, layer.Features.Count);
        var first = layer.Features.Single(f => (string)f.Attributes["name"] == "施設 s1");
        Assert.Equal((ulong)s1, Convert.ToUInt64(first.Attributes["id"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(250L, Convert.ToInt64(first.Attributes["capacity"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(true, first.Attributes["suits_flood"]);
        Assert.False(first.Attributes.Exists("address"));
        Assert.False(first.Attributes.Exists("source"));
        Assert.Equal(139.7454, first.Geometry.Coordinate.X, 3);
        Assert.Equal(35.6586, first.Geometry.Coordinate.Y, 3);
    }

    [Fact]
    public async Task Render_NoFeatureInTile_ReturnsEmpty()
    {
        await fixture.Database.ExecuteAsync(Facility("aed", "far", 139.7300, 35.6300));

        var bytes = await Source.RenderAsync(Layer("aeds"), TileCoordinate.FromLonLat(139.7800, 35.6800, 16));

        Assert.Empty(bytes);
    }

    [Fact]
    public async Task Render_RoadAcrossTiles_ClippedToTheBuffer()
    {
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.roads (source, source_id, name, road_class, width_m, geom) VALUES ('test', 'r1', '桜田通り', 'primary', " +
                "22, " +
            "ST_SetSRID(ST_MakeLine(ST_Point(139.7400, 35.6400), ST_Point(139.7600, 35.6400)), 6668))");
        var tile = TileCoordinate.FromLonLat(139.7500, 35.6400, 16);

        var decoded = Mvt.Decode(await Source.RenderAsync(Layer("roads"), tile), tile);

        var road = Assert.Single(Assert.Single(decoded.Layers).Features);
        Assert.Equal("桜田通り", road.Attributes["name"]);
        var env = tile.ToLonLatEnvelope();
        var slack = env.Width * (64 + 2) / 4096; // the buffer plus rounding to the grid
        Assert.InRange(road.Geometry.EnvelopeInternal.MinX, env.MinX - slack, env.MinX);
        Assert.InRange(road.Geometry.EnvelopeInternal.MaxX, env.MaxX, env.MaxX + slack);
    }

    [Fact]
    public async Task Render_BoundaryWithTextId_IdIsAProperty()
    {
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.boundary (id, name_ja, name_en, source, geom) VALUES ('13103', '港区', 'Minato', 'test', " +
            "ST_Multi(ST_MakeEnvelope(139.708, 35.623, 139.783, 35.683, 6668)))");
        var tile = new TileCoordinate(10, 909, 403);

        var decoded = Mvt.Decode(await Source.RenderAsync(Layer("boundary"), tile), tile);

        var ward = Assert.Single(Assert.Single(decoded.Layers).Features);
        Assert.Equal("13103", ward.Attributes["id"]);
        Assert.Equal("港区", ward.Attributes["name_ja"]);
        Assert.False((await Source.GetStatementsAsync())["boundary"].IntegerId);
        Assert.True((await Source.GetStatementsAsync())["roads"].IntegerId);
    }

    [Fact]
    public async Task Render_BoringDate_IsoText()
    {
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.borings (source, source_id, name, total_depth_m, drilled_on, geom) VALUES " +
            "('test', 'b1', 'No.1', 30, DATE '2019-07-04', ST_SetSRID(ST_Point(139.7200, 35.6700), 6668))");
        var tile = TileCoordinate.FromLonLat(139.7200, 35.6700, 15);

        var decoded = Mvt.Decode(await Source.RenderAsync(Layer("borings"), tile), tile);

        Assert.Equal("2019-07-04", Assert.Single(Assert.Single(decoded.Layers).Features).Attributes["drilled_on"]);
    }

    [Fact]
    public async Task Render_EveryCatalogLayer_StatementRunsInPostGis()
    {
        var tile = new TileCoordinate(14, 14551, 6452);

        foreach (var layer in _catalog.All)
        {
            var bytes = await Source.RenderAsync(layer, tile);
            Assert.NotNull(bytes);
        }
    }
}
