using Minato.Gis.Crs;
using Minato.Gis.Features;
using Minato.Gis.Layers;
using NpgsqlTypes;

namespace Minato.Gis.Tests.Features;

public sealed class FeatureSqlTests
{
    private static readonly LayerDefinition Aeds = LayerCatalog.Core.Single(l => l.Id == "aeds");
    private static readonly LayerDefinition Roads = LayerCatalog.Core.Single(l => l.Id == "roads");
    private static readonly LayerDefinition Borings = LayerCatalog.Core.Single(l => l.Id == "borings");

    [Fact]
    public void Items_NoFilters_LayerFilterOrderAndPaging()
    {
        var statement = FeatureSql.Items(Query(Aeds));

        Assert.EndsWith(
            """FROM "gis"."facilities" t WHERE (kind = 'aed') ORDER BY t."id" LIMIT $1 OFFSET $2""", statement.Sql,
                StringComparison.Ordinal);
        Assert.Equal([10L, 0L], statement.Parameters.Select(p => p.Value));
        Assert.All(statement.Parameters, p => Assert.Equal(NpgsqlDbType.Bigint, p.Type));
    }

    [Fact]
    public void Items_AllFilters_ParametersNumberedInOrder()
    {
        var query = Query(Roads) with
        {
            BoundingBox = new BoundingBox(139.7, 35.6, 139.8, 35.7, CrsRegistry.Crs84),
            DateTime = new TemporalFilter(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), null),
            Properties = [new PropertyFilter(Roads.FindProperty("road_class")!, "primary")],
        };

        var statement = FeatureSql.Items(query);

        Assert.Contains(
            """WHERE ST_Intersects(t."geom", ST_MakeEnvelope($1, $2, $3, $4, 6668)) AND t."updated_at" >= $5 AND t."road_class" = $6 """
            + """ORDER BY t."id" LIMIT $7 OFFSET $8""",
            statement.Sql, StringComparison.Ordinal);
        Assert.Equal(8, statement.Parameters.Count);
        Assert.Equal(NpgsqlDbType.Unknown, statement.Parameters[5].Type);
        Assert.Equal("primary", statement.Parameters[5].Value);
    }

    [Fact]
    public void Count_SameFiltersWithoutPaging()
    {
        var query = Query(Aeds) with { Properties = [new PropertyFilter(Aeds.FindProperty("name")!, "x")] };

        var statement = FeatureSql.Count(query);

        Assert.Equal("""SELECT count(*) FROM "gis"."facilities" t WHERE (kind = 'aed') AND t."name" = $1""", statement.Sql);
        Assert.Single(statement.Parameters);
    }

    [Fact]
    public void SelectFeature_Crs84_GeoJsonWithSevenDecimalsAndNoCrsMember()
    {
        var select = FeatureSql.SelectFeature(Roads, CrsRegistry.Crs84);

        Assert.StartsWith(
            """SELECT to_json(t."id")::text, ST_AsGeoJSON(t."geom", 7, 0), (SELECT to_json(p) FROM (SELECT t."name" AS "name", """,
            select, StringComparison.Ordinal);
        Assert.Contains("""to_char(t."updated_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updated_at") p)::text""",
            select, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4326, false, """t."geom" """)]
    [InlineData(6668, true, """ST_FlipCoordinates(t."geom")""")]
    [InlineData(6677, true, """ST_FlipCoordinates(ST_Transform(t."geom", 6677))""")]
    [InlineData(3857, false, """ST_Transform(t."geom", 3857)""")]
    public void GeometryIn_EachCrs_TransformsAndFlipsAsItsAxisOrderRequires(int srid, bool wgs84LatLon, string expected)
    {
        var crs = srid == 4326 ? (wgs84LatLon ? CrsRegistry.Wgs84 : CrsRegistry.Crs84) : CrsRegistry.All.Single(c => c.Srid == srid);

        Assert.Equal(expected.Trim(), FeatureSql.GeometryIn(Aeds, crs));
    }

    [Fact]
    public void GeometryIn_Epsg4326_Flipped() =>
        Assert.Equal("""ST_FlipCoordinates(t."geom")""", FeatureSql.GeometryIn(Aeds, CrsRegistry.Wgs84));

    [Fact]
    public void BboxFilter_MetricCrs_EnvelopeTransformedToStorageCrs()
    {
        var parameters = new List<SqlValue>();

        var sql = FeatureSql.BboxFilter(Aeds, new BoundingBox(-9000, -40000, -6000, -36000, CrsRegistry.JapanPlaneIX), parameters);

        Assert.Equal("""ST_Intersects(t."geom", ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 6677), 6668))""", sql);
        Assert.Equal([-9000.0, -40000.0, -6000.0, -36000.0], parameters.Select(p => (double)p.Value));
    }

    [Fact]
    public void TemporalFilter_DateColumn_ComparesUtcDates()
    {
        var parameters = new List<SqlValue>();
        var filter = new TemporalFilter(new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.FromHours(9)),
            new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var sql = FeatureSql.TemporalFilter(Borings, filter, parameters).ToArray();

        Assert.Equal(["""t."drilled_on" >= ($1 AT TIME ZONE 'UTC')::date""", """t."drilled_on" <= ($2 AT TIME ZONE 'UTC')::date"""], sql);
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)parameters[0].Value).Offset);
        Assert.All(parameters, p => Assert.Equal(NpgsqlDbType.TimestampTz, p.Type));
    }

    [Fact]
    public void TemporalFilter_BothEndsOpen_OnlyRequiresATime() =>
        Assert.Equal(["""t."updated_at" IS NOT NULL"""], FeatureSql.TemporalFilter(Roads, new TemporalFilter(null, null), []));

    [Fact]
    public void Feature_ById_UntypedParameter()
    {
        var statement = FeatureSql.Feature(Aeds, "42", CrsRegistry.Crs84);

        Assert.EndsWith("""FROM "gis"."facilities" t WHERE (kind = 'aed') AND t."id" = $1""", statement.Sql, StringComparison.Ordinal);
        Assert.Equal(NpgsqlDbType.Unknown, statement.Parameters.Single().Type);
    }

    [Fact]
    public void Identifiers_WithQuotes_AreEscaped()
    {
        var odd = new LayerDefinition("odd", "奇", "Odd", "", "my schema", "ta\"ble", null, "Point",
            [new LayerProperty("it\"s", "co\"l", PropertyType.String)], null, "odd");

        var sql = FeatureSql.Items(Query(odd)).Sql;

        Assert.Contains("""FROM "my schema"."ta""ble" t""", sql, StringComparison.Ordinal);
        Assert.Contains("""SELECT t."co""l" AS "it""s") p""", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Extent_DateTemporalColumn_ReadAsUtcMidnight()
    {
        var sql = FeatureSql.Extent(Borings).Sql;

        Assert.Equal(
            """SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), ts, te FROM (SELECT ST_Extent(t."geom") AS e, """
            + """(min(t."drilled_on"))::timestamp AT TIME ZONE 'UTC' AS ts, (max(t."drilled_on"))::timestamp AT TIME ZONE 'UTC' AS te """
            + """FROM "gis"."borings" t) s""",
            sql);
    }

    [Fact]
    public void LimitOffset_InvalidValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureSql.LimitOffset(0, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureSql.LimitOffset(1, -1, []));
    }

    private static FeatureQuery Query(LayerDefinition layer) => new(layer, 10, 0, null, null, [], CrsRegistry.Crs84, []);
}
