using Minato.Gis.Layers;
using Minato.Gis.Tiles;

namespace Minato.Gis.Tests.Tiles;

public sealed class TileSqlBuilderTests
{
    private static LayerDefinition Layer(string id) => LayerCatalog.Core.Single(l => l.Id == id);

    [Fact]
    public void Build_Aeds_IsTheMartinShapedStatement()
    {
        var sql = TileSqlBuilder.Build(Layer("aeds"), integerId: true);

        Assert.Equal(
            "SELECT ST_AsMVT(q, 'aeds', 4096, 'geom', 'id') FROM (SELECT \"id\" AS \"id\", \"name\" AS \"name\", " +
            "\"capacity\" AS \"capacity\", \"welfare_shelter\" AS \"welfare_shelter\", \"is_open\" AS \"is_open\", " +
            "ST_AsMVTGeom(ST_Transform(\"geom\", 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS \"geom\" " +
            "FROM \"gis\".\"facilities\" WHERE (kind = 'aed') AND \"geom\" && " +
            "ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.015625), 6668)) AS q",
            sql);
    }

    [Fact]
    public void Build_Facility_OmitsPropertiesNotInTiles()
    {
        var sql = TileSqlBuilder.Build(Layer("shelters"), integerId: true);

        Assert.Contains("\"suits_flood\" AS \"suits_flood\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"address\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"source\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"updated_at\"", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE (kind = 'shelter') AND ", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("roads")]
    [InlineData("hazard-areas")]
    [InlineData("districts")]
    public void Build_LinesAndPolygons_SimplifiedByOneTileUnit(string id)
    {
        var sql = TileSqlBuilder.Build(Layer(id), integerId: true);

        Assert.Contains("ST_AsMVTGeom(ST_Simplify(ST_Transform(\"geom\", 3857), 40075016.685578488 / 4096 / (1 << $1)), ", sql,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TextId_PublishedAsPropertyNotFeatureId()
    {
        var sql = TileSqlBuilder.Build(Layer("boundary"), integerId: false);

        Assert.StartsWith("SELECT ST_AsMVT(q, 'boundary', 4096, 'geom') FROM (SELECT \"id\"::text AS \"id\", ", sql,
            StringComparison.Ordinal);
        Assert.DoesNotContain("WHERE (", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DateProperty_IsoTextIndependentOfDateStyle()
    {
        var sql = TileSqlBuilder.Build(Layer("borings"), integerId: true);

        Assert.Contains("to_char(\"drilled_on\", 'YYYY-MM-DD') AS \"drilled_on\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OddIdentifiers_QuotedAndEscaped()
    {
        var layer = new LayerDefinition("it's", "t", "t", "d", "my schema", "we\"ird", null, "Point",
            [new LayerProperty("Name", "col\"umn", PropertyType.String)], null, "k", IdColumn: "key", GeometryColumn: "the geom");

        var sql = TileSqlBuilder.Build(layer, integerId: true);

        Assert.Contains("ST_AsMVT(q, 'it''s', 4096", sql, StringComparison.Ordinal);
        Assert.Contains("FROM \"my schema\".\"we\"\"ird\"", sql, StringComparison.Ordinal);
        Assert.Contains("\"col\"\"umn\" AS \"Name\"", sql, StringComparison.Ordinal);
        Assert.Contains("\"key\" AS \"id\"", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE \"the geom\" && ST_Transform(", sql, StringComparison.Ordinal);
    }
}
