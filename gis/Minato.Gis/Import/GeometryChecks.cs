using System.Globalization;
using Minato.Gis.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Minato.Gis.Import;

/// <summary>
/// The shared validation step of every importer: finite coordinates inside Japan and near the ward, a vertex limit,
/// OGC validity (<see cref="IsValidOp"/>) and the layer's geometry type. Returns a reason, never throws.
/// Geometries are in EPSG:6668 (lon, lat); WGS84 input is taken as JGD2011 (sub-metre difference).
/// </summary>
public static class GeometryChecks
{
    /// <summary>Largest number of vertices accepted in one feature (the real Minato boundary has 1,742).</summary>
    public const int MaxVertices = 200_000;

    /// <summary>Factory for storage geometries (SRID 6668). Thread-safe.</summary>
    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), LayerDefinition.StorageSrid);

    /// <summary>Checks coordinates and validity; <c>null</c> when the geometry is acceptable.</summary>
    public static string? Check(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.IsEmpty)
        {
            return "empty geometry";
        }

        if (geometry.NumPoints > MaxVertices)
        {
            return $"too many vertices ({geometry.NumPoints:N0} > {MaxVertices:N0})";
        }

        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                return "coordinate is not a finite number";
            }

            if (!Ward.Japan.Contains(c.X, c.Y))
            {
                return $"coordinate ({Fmt(c.X)}, {Fmt(c.Y)}) is outside Japan (lon 122–154, lat 20–46; is it [lat, lon] or projected?)";
            }
        }

        if (!Ward.Near.Intersects(geometry.EnvelopeInternal))
        {
            var e = geometry.EnvelopeInternal;
            return $"geometry at ({Fmt(e.Centre.X)}, {Fmt(e.Centre.Y)}) is not near Minato City " +
                   $"(accepted: lon {Fmt(Ward.Near.MinX)}–{Fmt(Ward.Near.MaxX)}, lat {Fmt(Ward.Near.MinY)}–{Fmt(Ward.Near.MaxY)})";
        }

        var op = new IsValidOp(geometry);
        if (!op.IsValid)
        {
            var error = op.ValidationError;
            var at = error.Coordinate is { } p ? $" at ({Fmt(p.X)}, {Fmt(p.Y)})" : "";
            return $"invalid geometry: {error.Message}{at}";
        }

        return null;
    }

    /// <summary>Polygon → MultiPolygon; MultiPolygon unchanged; anything else <c>null</c>.</summary>
    public static MultiPolygon? ToMultiPolygon(Geometry geometry) => geometry switch
    {
        MultiPolygon mp => mp,
        Polygon p => Factory.CreateMultiPolygon([p]),
        _ => null,
    };

    /// <summary>Removes consecutive repeated points of a line; <c>null</c> when fewer than two distinct points remain.</summary>
    public static LineString? CleanLine(LineString line)
    {
        var kept = new List<Coordinate>(line.NumPoints);
        foreach (var c in line.Coordinates)
        {
            if (kept.Count == 0 || !kept[^1].Equals2D(c))
            {
                kept.Add(c);
            }
        }

        return kept.Count < 2 ? null : Factory.CreateLineString(kept.ToArray());
    }

    internal static string Fmt(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
