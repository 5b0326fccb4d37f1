namespace Minato.Gis.Tiles;

/// <summary>A layer's tile SQL (parameters $1 z, $2 x, $3 y) and whether its ids are MVT feature ids (integers) or an
/// <c>id</c> text property.</summary>
public sealed record TileStatement(string Sql, bool IntegerId);
