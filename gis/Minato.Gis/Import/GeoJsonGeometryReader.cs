using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Minato.Gis.Import;

/// <summary>
/// Reads a GeoJSON geometry object (RFC 7946) into an NTS geometry with SRID 6668, with a precise reason when it is
/// malformed. Z values are dropped. GeometryCollection is not accepted (no layer stores one).
/// </summary>
internal static class GeoJsonGeometryReader
{
    public static Geometry Read(JsonElement g)
    {
        if (g.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("geometry is not an object");
        }

        if (!g.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("geometry has no \"type\"");
        }

        var type = typeElement.GetString();
        if (type == "GeometryCollection")
        {
            throw new FormatException("GeometryCollection is not supported: split it into features");
        }

        if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{type} has no \"coordinates\" array");
        }

        var f = GeometryChecks.Factory;
        return type switch
        {
            "Point" => f.CreatePoint(Position(c, "coordinates")),
            "MultiPoint" => f.CreateMultiPoint(Positions(c, "coordinates").Select(p => f.CreatePoint(p)).ToArray()),
            "LineString" => Line(c, "coordinates"),
            "MultiLineString" => f.CreateMultiLineString(Each(c, "coordinates", Line)),
            "Polygon" => Polygon(c, "coordinates"),
            "MultiPolygon" => f.CreateMultiPolygon(Each(c, "coordinates", Polygon)),
            _ => throw new FormatException($"unknown geometry type '{type}'"),
        };
    }

    private static T[] Each<T>(JsonElement array, string path, Func<JsonElement, string, T> read)
    {
        var result = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{path}[{i}] is not an array");
            }

            result[i] = read(e, $"{path}[{i}]");
            i++;
        }

        return result;
    }

    private static LineString Line(JsonElement c, string path)
    {
        var points = Positions(c, path);
        if (points.Length < 2)
        {
            throw new FormatException($"{path}: a LineString needs at least 2 positions");
        }

        return GeometryChecks.Factory.CreateLineString(points);
    }

    private static Polygon Polygon(JsonElement c, string path)
    {
        var rings = Each(c, path, (e, p) =>
        {
            var points = Positions(e, p);
            if (points.Length < 4)
            {
                throw new FormatException($"{p}: a polygon ring needs at least 4 positions");
            }

            if (!points[0].Equals2D(points[^1]))
            {
                throw new FormatException($"{p}: polygon ring is not closed (first and last positions differ)");
            }

            return GeometryChecks.Factory.CreateLinearRing(points);
        });
        if (rings.Length == 0)
        {
            throw new FormatException($"{path}: a polygon needs an outer ring");
        }

        return GeometryChecks.Factory.CreatePolygon(rings[0], rings[1..]);
    }

    private static Coordinate[] Positions(JsonElement c, string path) => Each(c, path, Position);

    private static Coordinate Position(JsonElement c, string path)
    {
        if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2)
        {
            throw new FormatException($"{path}: a position must be [lon, lat]");
        }

        if (c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"{path}: position values must be numbers");
        }

        return new Coordinate(c[0].GetDouble(), c[1].GetDouble());
    }
}
