using Minato.Gis.Crs;

namespace Minato.Gis.Tests.Crs;

public sealed class CrsRegistryTests
{
    [Theory]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false)]
    [InlineData("https://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false)]
    [InlineData("CRS84", 4326, false)]
    [InlineData("[OGC:CRS84]", 4326, false)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/6668", 6668, true)]
    [InlineData("EPSG:6668", 6668, true)]
    [InlineData("[EPSG:6677]", 6677, true)]
    [InlineData("urn:ogc:def:crs:EPSG::6677", 6677, true)]
    [InlineData("3857", 3857, false)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false)]
    public void TryGet_KnownForms_ResolveWithAxisOrder(string text, int srid, bool northingFirst)
    {
        Assert.True(CrsRegistry.TryGet(text, out var crs));
        Assert.Equal(srid, crs.Srid);
        Assert.Equal(northingFirst, crs.NorthingFirst);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EPSG:2451")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/9999")]
    [InlineData("EPSG:-6668")]
    [InlineData("CRS83")]
    public void TryGet_Unsupported_ReturnsFalse(string text)
    {
        Assert.False(CrsRegistry.TryGet(text, out _));
    }

    [Fact]
    public void All_Crs84First_UrisUnique()
    {
        Assert.Same(CrsRegistry.Crs84, CrsRegistry.All[0]);
        Assert.Equal(CrsRegistry.All.Count, CrsRegistry.All.Select(c => c.Uri).Distinct().Count());
    }

    [Fact]
    public void DecimalDigits_DegreesAndMetres_SevenAndThree()
    {
        Assert.Equal(7, CrsRegistry.Jgd2011.DecimalDigits);
        Assert.Equal(3, CrsRegistry.JapanPlaneIX.DecimalDigits);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/6677>", CrsRegistry.JapanPlaneIX.HeaderValue);
    }

    [Fact]
    public void Transform_PlaneIXOrigin_IsZeroZero()
    {
        // The origin of CS IX is 36°N 139°50'E with false easting/northing 0.
        var (x, y) = CrsTransform.Create(CrsRegistry.Crs84, CrsRegistry.JapanPlaneIX).Transform(139.0 + 50.0 / 60.0, 36.0);

        Assert.Equal(0, x, 1e-6);
        Assert.Equal(0, y, 1e-6);
    }

    [Fact]
    public void Transform_TokyoTowerToPlaneIX_NorthingFirst()
    {
        // Tokyo Tower, 35.6586 N 139.7454 E: south-west of the origin, ~-37.1 km north and ~-7.9 km east.
        var (x, y) = CrsTransform.Create(CrsRegistry.Jgd2011, CrsRegistry.JapanPlaneIX).Transform(35.6586, 139.7454);

        Assert.InRange(x, -38_000, -37_000);
        Assert.InRange(y, -8_500, -7_500);
    }

    [Fact]
    public void Transform_Crs84ToEpsg4326_SwapsAxesOnly()
    {
        var (a, b) = CrsTransform.Create(CrsRegistry.Crs84, CrsRegistry.Wgs84).Transform(139.75, 35.65);

        Assert.Equal(35.65, a);
        Assert.Equal(139.75, b);
    }

    [Fact]
    public void Transform_RoundTripThroughWebMercator_ReturnsStart()
    {
        var forward = CrsTransform.Create(CrsRegistry.Jgd2011, CrsRegistry.WebMercator);
        var back = CrsTransform.Create(CrsRegistry.WebMercator, CrsRegistry.Jgd2011);

        var (x, y) = forward.Transform(35.65, 139.75);
        var (lat, lon) = back.Transform(x, y);

        Assert.Equal(35.65, lat, 1e-9);
        Assert.Equal(139.75, lon, 1e-9);
        Assert.InRange(x, 15_556_000, 15_557_000);
    }
}
