using Minato.Gis.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Minato.Gis.Tests.Import;

public sealed class GeometryChecksTests
{
    private static readonly WKTReader Wkt = new(GeometryChecks.Factory.GeometryServices);

    [Fact]
    public void Check_PointInMinato_Accepted() =>
        Assert.Null(GeometryChecks.Check(Wkt.Read("POINT (139.7454 35.6586)")));

    [Fact]
    public void Check_SelfIntersectingPolygon_ReportsSelfIntersectionWithLocation()
    {
        var problem = GeometryChecks.Check(Wkt.Read("POLYGON ((139.750 35.640, 139.752 35.642, 139.752 35.640, 139.750 35.642, 139.750 " +
            "35.640))"));

        Assert.NotNull(problem);
        Assert.StartsWith("invalid geometry: Self-intersection at (139.751, 35.641)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LatLonSwapped_ReportsOutsideJapan()
    {
        var problem = GeometryChecks.Check(Wkt.Read("POINT (35.6586 139.7454)"));

        Assert.NotNull(problem);
        Assert.Contains("outside Japan", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OsakaPolygon_ReportsNotNearMinato()
    {
        var problem = GeometryChecks.Check(Wkt.Read("POLYGON ((135.50 34.69, 135.51 34.69, 135.51 34.70, 135.50 34.69))"));

        Assert.NotNull(problem);
        Assert.Contains("not near Minato City", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NerimaLine_AcceptedAsNearTheWard() =>
        Assert.Null(GeometryChecks.Check(Wkt.Read("LINESTRING (139.6628 35.7352, 139.6642 35.7364)")));

    [Fact]
    public void Check_EmptyGeometry_Rejected() =>
        Assert.Equal("empty geometry", GeometryChecks.Check(Wkt.Read("POLYGON EMPTY")));

    [Fact]
    public void ToMultiPolygon_Polygon_PromotedWithOnePart()
    {
        var mp = GeometryChecks.ToMultiPolygon(Wkt.Read("POLYGON ((139.74 35.65, 139.75 35.65, 139.75 35.66, 139.74 35.65))"));

        Assert.NotNull(mp);
        Assert.Equal(1, mp.NumGeometries);
        Assert.Null(GeometryChecks.ToMultiPolygon(Wkt.Read("POINT (139.74 35.65)")));
    }

    [Fact]
    public void CleanLine_RepeatedVertices_Removed()
    {
        var line = (LineString)Wkt.Read("LINESTRING (139.74 35.65, 139.74 35.65, 139.75 35.66, 139.75 35.66)");

        Assert.Equal(2, GeometryChecks.CleanLine(line)!.NumPoints);
        Assert.Null(GeometryChecks.CleanLine((LineString)Wkt.Read("LINESTRING (139.74 35.65, 139.74 35.65)")));
    }
}
