using Minato.Gis.Crs;
using Minato.Gis.Features;
using Minato.Gis.Layers;

namespace Minato.Gis.Tests.Features;

public sealed class FeatureQueryParserTests
{
    private static readonly FeatureQueryOptions Options = new() { DefaultLimit = 100, MaxLimit = 10_000 };
    private static readonly LayerDefinition Shelters = Layer("shelters");
    private static readonly LayerDefinition HazardAreas = Layer("hazard-areas");
    private static readonly LayerDefinition Districts = Layer("districts");

    [Fact]
    public void ParseItems_NoParameters_DefaultsCrs84AndDefaultLimit()
    {
        var query = Parse(Shelters).Value!;

        Assert.Equal(100, query.Limit);
        Assert.Equal(0, query.Offset);
        Assert.Same(CrsRegistry.Crs84, query.Crs);
        Assert.Null(query.BoundingBox);
        Assert.Null(query.DateTime);
        Assert.Empty(query.Properties);
    }

    [Fact]
    public void ParseItems_LimitAboveMaximum_ClampedToMaximum()
    {
        Assert.Equal(10_000, Parse(Shelters, ("limit", "20000")).Value!.Limit);
        Assert.Equal(10_000, Parse(Shelters, ("limit", "99999999999999999999")).Value!.Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData(" 5")]
    public void ParseItems_InvalidLimit_Fails(string limit) => AssertFails(Parse(Shelters, ("limit", limit)), "limit");

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("1e3")]
    public void ParseItems_InvalidOffset_Fails(string offset) => AssertFails(Parse(Shelters, ("offset", offset)), "offset");

    [Fact]
    public void ParseItems_UnknownParameter_FailsAsUnknownParameter()
    {
        var result = Parse(Shelters, ("colour", "red"));

        Assert.False(result.Succeeded);
        Assert.Equal(FeatureQueryError.UnknownParameter, result.Error.Code);
        Assert.Equal("colour", result.Error.Parameter);
        Assert.Contains("capacity", result.Error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseItems_ParameterNameInOtherCase_IsUnknown() =>
        Assert.Equal(FeatureQueryError.UnknownParameter, Parse(Shelters, ("LIMIT", "5")).Error!.Code);

    [Fact]
    public void ParseItems_RepeatedParameter_Fails() => AssertFails(Parse(Shelters, ("limit", "5"), ("limit", "6")), "limit");

    [Theory]
    [InlineData("139.7,35.6,139.8")]
    [InlineData("139.7,35.6,0,139.8,35.7,10")]
    [InlineData("139.7,35.6,139.8,35.7,1")]
    [InlineData("a,35.6,139.8,35.7")]
    [InlineData("139.8,35.6,139.7,35.7")]
    [InlineData("139.7,35.7,139.8,35.6")]
    [InlineData("139.7,35.6,139.8,95")]
    [InlineData("NaN,35.6,139.8,35.7")]
    [InlineData("139.7,35.6,Infinity,35.7")]
    [InlineData("")]
    public void ParseItems_InvalidBbox_Fails(string bbox) => AssertFails(Parse(Shelters, ("bbox", bbox)), "bbox");

    [Fact]
    public void ParseItems_Bbox6668_SwappedToEastFirst()
    {
        var bbox = Parse(Shelters, ("bbox", "35.64,139.74,35.66,139.76"), ("bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/6668"))
            .Value!.BoundingBox!;

        Assert.Equal((139.74, 35.64, 139.76, 35.66), (bbox.MinEast, bbox.MinNorth, bbox.MaxEast, bbox.MaxNorth));
        Assert.Same(CrsRegistry.Jgd2011, bbox.Crs);
    }

    [Fact]
    public void ParseItems_Bbox6677_NorthingFirstSwapped()
    {
        var bbox = Parse(Shelters, ("bbox", "-40000,-9000,-36000,-6000"), ("bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/6677"))
            .Value!.BoundingBox!;

        Assert.Equal((-9000.0, -40000.0, -6000.0, -36000.0), (bbox.MinEast, bbox.MinNorth, bbox.MaxEast, bbox.MaxNorth));
    }

    [Fact]
    public void ParseItems_Bbox6668LonLatOrder_FailsLatitudeRange() =>
        AssertFails(Parse(Shelters, ("bbox", "139.74,35.64,139.76,35.66"), ("bbox-crs", "EPSG:6668")), "bbox");

    [Fact]
    public void ParseItems_UnknownBboxCrs_Fails() =>
        AssertFails(Parse(Shelters, ("bbox", "139.7,35.6,139.8,35.7"), ("bbox-crs", "http://www.opengis.net/def/crs/EPSG/0/2451")),
            "bbox-crs");

    [Fact]
    public void ParseItems_BboxCrsWithoutBbox_Fails() => AssertFails(Parse(Shelters, ("bbox-crs", "EPSG:6668")), "bbox-crs");

    [Fact]
    public void ParseItems_UnknownCrs_Fails() => AssertFails(Parse(Shelters, ("crs", "EPSG:9999")), "crs");

    [Fact]
    public void ParseItems_Crs6677_Selected() =>
        Assert.Same(CrsRegistry.JapanPlaneIX, Parse(Shelters, ("crs", "http://www.opengis.net/def/crs/EPSG/0/6677")).Value!.Crs);

    [Fact]
    public void ParseItems_DatetimeOnLayerWithoutTemporalColumn_Fails() =>
        AssertFails(Parse(Districts, ("datetime", "2025-01-01T00:00:00Z")), "datetime");

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-13-01")]
    [InlineData("2025-01-01T25:00:00Z")]
    [InlineData("2025-02-01/2025-01-01")]
    [InlineData("2025-01-01/2025-02-01/2025-03-01")]
    [InlineData("../2025-01-32")]
    public void ParseItems_InvalidDatetime_Fails(string datetime) => AssertFails(Parse(HazardAreas, ("datetime", datetime)), "datetime");

    [Fact]
    public void ParseItems_DateInstant_CoversTheWholeUtcDay()
    {
        var filter = Parse(HazardAreas, ("datetime", "2025-04-01")).Value!.DateTime!;

        Assert.Equal(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), filter.Start);
        Assert.Equal(new DateTimeOffset(2025, 4, 2, 0, 0, 0, TimeSpan.Zero).AddTicks(-10), filter.End);
    }

    [Fact]
    public void ParseItems_DateTimeWithOffset_ConvertedToUtc()
    {
        var filter = Parse(HazardAreas, ("datetime", "2025-04-01T09:00:00+09:00")).Value!.DateTime!;

        Assert.Equal(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), filter.Start);
        Assert.Equal(filter.Start, filter.End);
        Assert.Equal(TimeSpan.Zero, filter.Start!.Value.Offset);
    }

    [Theory]
    [InlineData("../2025-04-01T00:00:00Z", false, true)]
    [InlineData("2025-04-01T00:00:00Z/..", true, false)]
    [InlineData("/2025-04-01", false, true)]
    [InlineData("2025-04-01/", true, false)]
    [InlineData("../..", false, false)]
    public void ParseItems_OpenInterval_LeavesBoundOpen(string datetime, bool hasStart, bool hasEnd)
    {
        var filter = Parse(HazardAreas, ("datetime", datetime)).Value!.DateTime!;

        Assert.Equal(hasStart, filter.Start.HasValue);
        Assert.Equal(hasEnd, filter.End.HasValue);
    }

    [Theory]
    [InlineData("capacity", "abc")]
    [InlineData("capacity", "1.5")]
    [InlineData("is_open", "yes")]
    [InlineData("is_open", "TRUE")]
    [InlineData("updated_at", "2025-01-01T00:00:00Z")]
    public void ParseItems_BadPropertyFilter_Fails(string name, string value) => AssertFails(Parse(Shelters, (name, value)), name);

    [Fact]
    public void ParseItems_BadNumberFilterOnHazardAreas_Fails() => AssertFails(Parse(HazardAreas, ("depth_max_m", "deep")), "depth_max_m");

    [Fact]
    public void ParseItems_TypedPropertyFilters_Normalised()
    {
        var filters = Parse(HazardAreas, ("rank", "+3"), ("depth_max_m", "3.50"), ("kind", "flood")).Value!.Properties;

        Assert.Equal(["3", "3.5", "flood"], filters.Select(f => f.Value));
        Assert.Equal(["rank", "depth_max_m", "kind"], filters.Select(f => f.Property.Column));
    }

    [Theory]
    [InlineData("html")]
    [InlineData("xml")]
    public void ParseItems_UnsupportedFormat_Fails(string f) => AssertFails(Parse(Shelters, ("f", f)), "f");

    [Theory]
    [InlineData("json")]
    [InlineData("geojson")]
    public void ParseItems_JsonFormat_Accepted(string f) => Assert.True(Parse(Shelters, ("f", f)).Succeeded);

    [Fact]
    public void ParseItems_Echo_KeepsFiltersWithoutPaging()
    {
        var echo = Parse(Shelters, ("name", "芝公園"), ("limit", "5"), ("offset", "10"), ("crs", "EPSG:6668")).Value!.Echo;

        Assert.Equal(["name=芝公園", "crs=EPSG:6668"], echo.Select(kv => $"{kv.Key}={kv.Value}"));
    }

    [Fact]
    public void ParseFeature_CrsAndFormat_Accepted() =>
        Assert.Same(CrsRegistry.WebMercator, FeatureQueryParser.ParseFeature([new("crs", "EPSG:3857"), new("f", "json")]).Value);

    [Theory]
    [InlineData("bbox", "1,2,3,4")]
    [InlineData("crs", "EPSG:1")]
    [InlineData("f", "html")]
    public void ParseFeature_OtherParameters_Fail(string name, string value) =>
        Assert.False(FeatureQueryParser.ParseFeature([new(name, value)]).Succeeded);

    private static ParseResult<FeatureQuery> Parse(LayerDefinition layer, params (string Name, string Value)[] query) =>
        FeatureQueryParser.ParseItems(layer, query.Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)).ToList(), Options);

    private static void AssertFails(ParseResult<FeatureQuery> result, string parameter)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(parameter, result.Error.Parameter);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Detail));
    }

    private static LayerDefinition Layer(string id) => LayerCatalog.Core.Single(l => l.Id == id);
}
