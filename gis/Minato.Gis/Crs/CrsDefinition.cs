namespace Minato.Gis.Crs;

/// <summary>
/// A coordinate reference system the public API speaks: its OGC URI, the PostGIS SRID behind it and its axis order.
/// Immutable and thread-safe.
/// </summary>
/// <param name="Uri">OGC URI, e.g. <c>http://www.opengis.net/def/crs/EPSG/0/6668</c>.</param>
/// <param name="Srid">SRID in PostGIS (<c>spatial_ref_sys</c>); CRS84 maps to 4326 with lon, lat order.</param>
/// <param name="Title">Human-readable name.</param>
/// <param name="NorthingFirst">
/// Whether the CRS's own first axis points north (EPSG:4326 and EPSG:6668 are lat, lon; EPSG:6677 is X = northing,
/// Y = easting). OGC API Features Part 2 requires coordinates in this order; PostGIS and ProjNet always use east first.
/// </param>
/// <param name="IsGeographic">Degrees (true) or metres (false).</param>
/// <param name="Wkt">OGC WKT 1 definition read by ProjNet (east-first axes, as ProjNet expects).</param>
public sealed record CrsDefinition(string Uri, int Srid, string Title, bool NorthingFirst, bool IsGeographic, string Wkt)
{
    /// <summary>Decimal digits written for coordinates: 7 for degrees (≈1 cm), 3 for metres (1 mm).</summary>
    public int DecimalDigits => IsGeographic ? 7 : 3;

    /// <summary>
    /// EPSG's area of use as (east, north) bounds in this CRS's own units: a box outside it is refused (400), because
    /// reprojecting it means nothing and, for numbers like 1e20, fails inside PostGIS. Default: the whole world in degrees.
    /// </summary>
    public (double MinEast, double MinNorth, double MaxEast, double MaxNorth) AreaOfUse { get; init; } = (-180, -90, 180, 90);

    /// <summary>The URI in angle brackets, as the <c>Content-Crs</c> header carries it.</summary>
    public string HeaderValue => $"<{Uri}>";

    public override string ToString() => Uri;
}
