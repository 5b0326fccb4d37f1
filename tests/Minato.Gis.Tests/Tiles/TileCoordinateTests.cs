using Minato.Gis.Layers;
using Minato.Gis.Tiles;

namespace Minato.Gis.Tests.Tiles;

public sealed class TileCoordinateTests
{
    [Theory]
    [InlineData("0", "0", "0", 0, 0, 0)]
    [InlineData("14", "14552", "6451", 14, 14552, 6451)]
    [InlineData("22", "4194303", "4194303", 22, 4194303, 4194303)]
    public void TryParse_ValidTile_ReturnsIt(string z, string x, string y, int ez, int ex, int ey)
    {
        Assert.True(TileCoordinate.TryParse(z, x, y, out var tile, out var error), error);
        Assert.Equal(new TileCoordinate(ez, ex, ey), tile);
    }

    [Theory]
    [InlineData("23", "0", "0", "z must be between 0 and 22")]
    [InlineData("1", "2", "0", "between 0 and 1 at zoom 1")]
    [InlineData("1", "0", "2", "between 0 and 1 at zoom 1")]
    [InlineData("a", "0", "0", "z must be a non-negative integer")]
    [InlineData("1.5", "0", "0", "z must be a non-negative integer")]
    [InlineData("3", "-1", "0", "x must be a non-negative integer")]
    [InlineData("3", "0", " 1", "y must be a non-negative integer")]
    [InlineData("3", "0", "", "y must be a non-negative integer")]
    [InlineData("3", "0", "99999999999999", "y must be a non-negative integer")]
    public void TryParse_InvalidTile_SaysWhy(string z, string x, string y, string expected)
    {
        Assert.False(TileCoordinate.TryParse(z, x, y, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLonLat_TokyoTower_IsInsideItsTile()
    {
        var tile = TileCoordinate.FromLonLat(139.7454, 35.6586, 14);

        Assert.Equal(new TileCoordinate(14, 14551, 6452), tile);
        Assert.True(tile.ToLonLatEnvelope().Contains(139.7454, 35.6586));
    }

    [Fact]
    public void Covering_Ward_TilesTouchTheExtentAndNoMore()
    {
        var tiles = TileCoordinate.Covering(Ward.Extent, 16).ToList();

        Assert.All(tiles, t => Assert.True(t.ToLonLatEnvelope().Intersects(Ward.Extent)));
        Assert.Equal(tiles.Count, tiles.Distinct().Count());
        Assert.InRange(tiles.Count, 150, 250);
    }
}
