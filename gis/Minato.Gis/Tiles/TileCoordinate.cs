using System.Globalization;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Tiles;

/// <summary>
/// A tile of the Web Mercator (EPSG:3857) XYZ scheme: zoom 0–22, x and y from 0 to 2^z − 1, y counted from the north.
/// Immutable value; thread-safe.
/// </summary>
public readonly record struct TileCoordinate(int Z, int X, int Y)
{
    /// <summary>Deepest zoom served (PostGIS' ST_TileEnvelope and every map client stop well before 30; 22 is ~4 cm/pixel).</summary>
    public const int MaxZoom = 22;

    /// <summary>Web Mercator's latitude limit (degrees): the square world of the XYZ scheme.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Parses the z/x/y path segments; on failure <paramref name="error"/> says which value is wrong and why.</summary>
    public static bool TryParse(string? z, string? x, string? y, out TileCoordinate tile, out string error)
    {
        tile = default;
        if (!TryInteger(z, "z", out var zoom, out error) || !TryInteger(x, "x", out var col, out error) ||
            !TryInteger(y, "y", out var row, out error))
        {
            return false;
        }

        if (zoom > MaxZoom)
        {
            error = $"z must be between 0 and {MaxZoom}, got {zoom}";
            return false;
        }

        var max = (1L << (int)zoom) - 1;
        if (col > max || row > max)
        {
            error = $"x and y must be between 0 and {max} at zoom {zoom}, got x={col}, y={row}";
            return false;
        }

        tile = new TileCoordinate((int)zoom, (int)col, (int)row);
        return true;
    }

    /// <summary>The tile containing a point (EPSG:6668/4326 lon, lat degrees) at zoom <paramref name="z"/>.</summary>
    public static TileCoordinate FromLonLat(double lon, double lat, int z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(z, MaxZoom);
        var n = 1 << z;
        var latRad = Math.Clamp(lat, -MaxLatitude, MaxLatitude) * Math.PI / 180.0;
        var x = (int)Math.Floor((lon + 180.0) / 360.0 * n);
        var y = (int)Math.Floor((1.0 - (Math.Log(Math.Tan(latRad) + (1.0 / Math.Cos(latRad))) / Math.PI)) / 2.0 * n);
        return new TileCoordinate(z, Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }

    /// <summary>Every tile at zoom <paramref name="z"/> that touches <paramref name="extent"/> (lon/lat degrees), row by row.</summary>
    public static IEnumerable<TileCoordinate> Covering(Envelope extent, int z)
    {
        ArgumentNullException.ThrowIfNull(extent);
        var nw = FromLonLat(extent.MinX, extent.MaxY, z);
        var se = FromLonLat(extent.MaxX, extent.MinY, z);
        for (var y = nw.Y; y <= se.Y; y++)
        {
            for (var x = nw.X; x <= se.X; x++)
            {
                yield return new TileCoordinate(z, x, y);
            }
        }
    }

    /// <summary>The tile's bounds in lon/lat degrees (EPSG:4326 ≈ EPSG:6668).</summary>
    public Envelope ToLonLatEnvelope()
    {
        double n = 1L << Z;
        static double Lat(double yy, double nn) => Math.Atan(Math.Sinh(Math.PI * (1 - (2 * yy / nn)))) * 180.0 / Math.PI;
        return new Envelope((X / n * 360.0) - 180.0, ((X + 1) / n * 360.0) - 180.0, Lat(Y + 1, n), Lat(Y, n));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Z}/{X}/{Y}");

    private static bool TryInteger(string? raw, string name, out long value, out string error)
    {
        // Digits only: no sign, no spaces, no decimals; "a", "1.5", "-1" and "" are all refused with the same rule.
        if (string.IsNullOrEmpty(raw) || raw.Length > 10 ||
            !long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            error = $"{name} must be a non-negative integer, got '{raw}'";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
