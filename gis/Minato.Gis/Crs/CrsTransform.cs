using System.Collections.Concurrent;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Minato.Gis.Crs;

/// <summary>
/// A ProjNet transform between two <see cref="CrsDefinition"/>s. Coordinates are in each CRS's own axis order
/// (<see cref="CrsDefinition.NorthingFirst"/>) unless the <c>EastFirst</c> methods are used.
/// </summary>
/// <remarks>Thread-safe: ProjNet's math transforms keep no per-call state, and instances are cached per pair.</remarks>
public sealed class CrsTransform
{
    private static readonly ConcurrentDictionary<(string, string), CrsTransform> Cache = new();
    private static readonly CoordinateSystemFactory Factory = new();
    private readonly MathTransform? _math;

    private CrsTransform(CrsDefinition source, CrsDefinition target)
    {
        Source = source;
        Target = target;
        var (from, to) = (Computational(source), Computational(target));
        // Same definition (CRS84 vs EPSG:4326, or WGS 84 vs JGD2011 below) differ only in axis order: no maths.
        if (from != to)
        {
            _math = new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(Factory.CreateFromWkt(from), Factory.CreateFromWkt(to))
                .MathTransform;
        }
    }

    public CrsDefinition Source { get; }

    /// <summary>
    /// The WKT ProjNet computes with: WGS 84 bases become JGD2011. PROJ (hence PostGIS) uses EPSG:9936 "JGD2011 to
    /// WGS 84 (1)", a null transformation, while ProjNet would shift between the GRS 80 and WGS 84 ellipsoids through
    /// geocentric coordinates (≈4 mm here). Pseudo-Mercator uses only the semi-major axis, equal on both ellipsoids.
    /// </summary>
    private static string Computational(CrsDefinition crs) =>
        crs.Wkt.Replace(CrsRegistry.Wgs84Geogcs, CrsRegistry.Jgd2011Geogcs, StringComparison.Ordinal);

    public CrsDefinition Target { get; }

    /// <summary>The (cached) transform from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static CrsTransform Create(CrsDefinition source, CrsDefinition target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return Cache.GetOrAdd((source.Uri, target.Uri), _ => new CrsTransform(source, target));
    }

    /// <summary>Transforms one position given in the source's axis order; returns it in the target's axis order.</summary>
    public (double A, double B) Transform(double a, double b)
    {
        var (east, north) = Source.NorthingFirst ? (b, a) : (a, b);
        (east, north) = TransformEastFirst(east, north);
        return Target.NorthingFirst ? (north, east) : (east, north);
    }

    /// <summary>Transforms one position given as (east, north) — lon, lat or easting, northing — in both CRSs.</summary>
    public (double East, double North) TransformEastFirst(double east, double north)
    {
        if (_math is null)
        {
            return (east, north);
        }

        double x = east, y = north;
        _math.Transform(ref x, ref y);
        return (x, y);
    }
}
