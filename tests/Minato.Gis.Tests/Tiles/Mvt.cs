using Minato.Gis.Tiles;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Minato.Gis.Tests.Tiles;

/// <summary>Decodes MVT bytes with NetTopologySuite's reader (an independent implementation of the spec).</summary>
internal static class Mvt
{
    public static VectorTile Decode(byte[] bytes, TileCoordinate tile)
    {
        using var stream = new MemoryStream(bytes);
        return new MapboxTileReader().Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(tile.X, tile.Y, tile.Z),
            MapboxTileWriter.DefaultIdAttributeName);
    }
}
