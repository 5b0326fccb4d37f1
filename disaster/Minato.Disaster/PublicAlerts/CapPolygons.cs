using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace Minato.Disaster.PublicAlerts;

/// <summary>
/// Turns an alert area (EPSG:6668, lon/lat) into CAP 1.2 <c>&lt;polygon&gt;</c> texts: one per polygon part, its
/// exterior ring only (CAP polygons have no holes, so an area with a hole is announced slightly too large, never too
/// small), simplified until it has at most the given number of vertices, written as space-separated "lat,lon" pairs
/// (CAP order: latitude first) with the first pair repeated last. Pure; thread-safe.
/// </summary>
public static class CapPolygons
{
    public static IReadOnlyList<string> Format(Geometry area, int maxVertices)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVertices, 4);
        var result = new List<string>();
        for (var i = 0; i < area.NumGeometries; i++)
        {
            if (area.GetGeometryN(i) is Polygon { IsEmpty: false } part)
            {
                result.Add(Pairs(Simplify(part.Shell, maxVertices).Coordinates));
            }
        }

        return result;
    }

    /// <summary>The ring with at most <paramref name="maxVertices"/> vertices (closing vertex included).</summary>
    public static LineString Simplify(LineString ring, int maxVertices)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var shape = ring.Factory.CreatePolygon(ring.Coordinates);
        // ~1 m at Tokyo's latitude, doubled until the outline fits; topology-preserving keeps the ring simple.
        for (var tolerance = 1e-5; shape.Shell.NumPoints > maxVertices; tolerance *= 2)
        {
            var simplified = TopologyPreservingSimplifier.Simplify(ring.Factory.CreatePolygon(ring.Coordinates), tolerance);
            if (simplified is Polygon p && !p.IsEmpty)
            {
                shape = p;
            }

            if (tolerance > 1)
            {
                // Cannot happen for a ring of the ward; a fallback so the loop always ends: the envelope.
                shape = (Polygon)ring.Envelope;
                break;
            }
        }

        return shape.Shell;
    }

    /// <summary>"lat,lon lat,lon …" with 6 decimals (~0.1 m).</summary>
    public static string Pairs(IEnumerable<Coordinate> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var sb = new StringBuilder();
        foreach (var c in ring)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(c.Y.ToString("0.######", CultureInfo.InvariantCulture)).Append(',').Append(
                c.X.ToString("0.######", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
