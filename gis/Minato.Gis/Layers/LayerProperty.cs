namespace Minato.Gis.Layers;

/// <summary>The JSON type of a layer property as published (OGC queryables, TileJSON fields).</summary>
public enum PropertyType
{
    String,
    Integer,
    Number,
    Boolean,
    Date,
    DateTime,
}

/// <summary>One published attribute of a layer: its public name, the column behind it and its type.</summary>
/// <param name="Name">Name in GeoJSON properties and in query parameters (snake_case).</param>
/// <param name="Column">Column in the layer's table; quoted when SQL is built.</param>
/// <param name="Queryable">Whether <c>?name=value</c> filters on it.</param>
/// <param name="InTiles">Whether vector tiles carry it (keep tiles small).</param>
/// <param name="Storage">The column's PostgreSQL number type, so a filter value it cannot hold is refused (400), not a 500.</param>
public sealed record LayerProperty(
    string Name,
    string Column,
    PropertyType Type,
    bool Queryable = true,
    bool InTiles = true,
    NumberStorage Storage = NumberStorage.Default);

