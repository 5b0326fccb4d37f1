using System.Globalization;
using System.Text.Json;
using Minato.Gis.Import;
using NetTopologySuite.Geometries;

namespace Minato.Disaster.Reports;

/// <summary>
/// Reads and writes a report's GeoJSON geometry: a Point or a LineString, (lon, lat) in EPSG:6668 (WGS84 input is taken
/// as JGD2011: the difference is below a metre). Reading checks ranges, the vertex limit and validity and returns a
/// reason instead of throwing.
/// </summary>
public static class ReportGeometry
{
    /// <summary>The geometry, or the reason it is not acceptable.</summary>
    public static (Geometry? Geometry, string? Error) Read(JsonElement element, int maxVertices)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, "geometry must be a GeoJSON object {\"type\":\"Point\"|\"LineString\",\"coordinates\":…}");
        }

        if (!element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return (null, "geometry.type is required (Point or LineString)");
        }

        if (!element.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            return (null, "geometry.coordinates must be an array");
        }

        if (!Minato.Gis.Input.TextInput.TryGetString(type, multiLine: false, out var typeName, out var typeProblem))
        {
            return (null, "geometry.type " + typeProblem);
        }

        Geometry geometry;
        switch (typeName)
        {
            case "Point":
                var (c, error) = Position(coordinates);
                if (c is null)
                {
                    return (null, error);
                }

                geometry = GeometryChecks.Factory.CreatePoint(c);
                break;
            case "LineString":
                var count = coordinates.GetArrayLength();
                if (count < 2)
                {
                    return (null, "a LineString needs at least 2 positions");
                }

                if (count > maxVertices)
                {
                    return (null, $"too many vertices ({count} > {maxVertices})");
                }

                var list = new Coordinate[count];
                var i = 0;
                foreach (var p in coordinates.EnumerateArray())
                {
                    var (pc, perror) = Position(p);
                    if (pc is null)
                    {
                        return (null, $"position {i}: {perror}");
                    }

                    list[i++] = pc;
                }

                geometry = GeometryChecks.Factory.CreateLineString(list);
                break;
            default:
                return (null, $"geometry.type must be Point or LineString (got {typeName})");
        }

        return GeometryChecks.Check(geometry) is { } reason ? (null, reason) : (geometry, null);
    }

    /// <summary>GeoJSON of a Point or LineString, 7 decimals (≈ 1 cm).</summary>
    public static GeoJsonGeometry ToGeoJson(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return geometry switch
        {
            Point p => new GeoJsonGeometry("Point", new[] { Round(p.X), Round(p.Y) }),
            LineString l => new GeoJsonGeometry("LineString", l.Coordinates.Select(c => new[] { Round(c.X), Round(c.Y) }).ToArray()),
            _ => throw new ArgumentException($"unexpected report geometry {geometry.GeometryType}", nameof(geometry)),
        };
    }

    private static double Round(double v) => Math.Round(v, 7);

    private static (Coordinate? Coordinate, string? Error) Position(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() is < 2 or > 3)
        {
            return (null, "a position is [lon, lat] (two numbers)");
        }

        if (p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number
            || !p[0].TryGetDouble(out var lon) || !p[1].TryGetDouble(out var lat))
        {
            return (null, "a position is [lon, lat] (two numbers)");
        }

        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"coordinate ({lon}, {lat}) is out of range (lon −180…180, lat −90…90)"));
        }

        return (new Coordinate(lon, lat), null);
    }
}
