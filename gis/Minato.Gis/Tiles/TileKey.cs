namespace Minato.Gis.Tiles;

/// <summary>Cache key of a rendered tile: the layer, its version when rendered, and the tile.</summary>
/// <remarks>The version makes a tile rendered before a change unreachable even if its removal were missed.</remarks>
public readonly record struct TileKey(string Layer, long Version, TileCoordinate Tile);
