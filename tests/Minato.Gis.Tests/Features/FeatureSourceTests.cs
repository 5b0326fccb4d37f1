using System.Text.Json;
using Minato.Gis.Crs;
using Minato.Gis.Features;
using Minato.Gis.Layers;
using Minato.Testing;

namespace Minato.Gis.Tests.Features;

/// <summary>The features SQL against the real PostGIS: results, reprojection, and use of the GiST index.</summary>
public sealed class FeatureSourceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly LayerDefinition Aeds = LayerCatalog.Core.Single(l => l.Id == "aeds");
    private static readonly LayerDefinition HazardAreas = LayerCatalog.Core.Single(l => l.Id == "hazard-areas");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetItemsAsync_BboxInPlaneIX_UsesGistIndexOnStorageColumn()
    {
        await ResetAsync();
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.facilities (kind, source, source_id, name, geom) SELECT 'aed', 't', 'a' || i, 'AED ' || i, "
            + "ST_SetSRID(ST_Point(139.70 + (i % 100) * 0.001, 35.62 + (i / 100) * 0.001), 6668) FROM generate_series(1, 5000) i; "
            + "ANALYZE gis.facilities");
        var bbox = FeatureQueryParser.ParseBoundingBox("-37500,-8000,-37000,-7500", CrsRegistry.JapanPlaneIX).Value!;
        var query = new FeatureQuery(Aeds, 10, 0, bbox, null, [], CrsRegistry.Crs84, []);
        var statement = FeatureSql.Items(query);

        await using var explain = new SqlStatement("EXPLAIN (FORMAT JSON) " + statement.Sql, statement.Parameters)
            .ToCommand(fixture.DataSource);
        var plan = (string)(await explain.ExecuteScalarAsync(Ct))!;

        Assert.Contains("facilities_geom_idx", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetItemsAsync_MultiPolygonIn6668_EveryPositionLatLon()
    {
        await ResetAsync();
        await InsertHazardAsync("2020-01-01");
        var query = new FeatureQuery(HazardAreas, 10, 0, null, null, [], CrsRegistry.Jgd2011, []);

        var page = await new FeatureSource(fixture.DataSource).GetItemsAsync(query, Ct);

        using var geometry = JsonDocument.Parse(page.Features.Single().Geometry!);
        Assert.Equal("MultiPolygon", geometry.RootElement.GetProperty("type").GetString());
        var positions = geometry.RootElement.GetProperty("coordinates")[0][0].EnumerateArray().ToArray();
        Assert.All(positions, p =>
        {
            Assert.InRange(p[0].GetDouble(), 35.0, 36.0);
            Assert.InRange(p[1].GetDouble(), 139.0, 140.0);
        });
    }

    [Fact]
    public async Task GetItemsAsync_Crs6677_AgreesWithProjNetToOneMillimetre()
    {
        await ResetAsync();
        await fixture.Database.ExecuteAsync(
            "INSERT INTO gis.facilities (kind, source, source_id, name, geom) SELECT 'aed', 't', 'a' || i, 'AED ' || i, "
            + "ST_SetSRID(ST_Point(139.708 + i * 0.0007, 35.623 + i * 0.0005), 6668) FROM generate_series(1, 100) i");
        var source = new FeatureSource(fixture.DataSource);
        var lonLat = await source.GetItemsAsync(new FeatureQuery(Aeds, 100, 0, null, null, [], CrsRegistry.Crs84, []), Ct);
        var plane = await source.GetItemsAsync(new FeatureQuery(Aeds, 100, 0, null, null, [], CrsRegistry.JapanPlaneIX, []), Ct);
        var transform = CrsTransform.Create(CrsRegistry.Crs84, CrsRegistry.JapanPlaneIX);

        Assert.Equal(100, plane.Features.Count);
        for (var i = 0; i < plane.Features.Count; i++)
        {
            var (lon, lat) = Position(lonLat.Features[i]);
            var (x, y) = Position(plane.Features[i]);
            var (expectedX, expectedY) = transform.Transform(lon, lat);
            // 7 decimals of a degree are ≈1 cm, so compare from the same stored point: ProjNet on the CRS84 output.
            Assert.Equal(expectedX, x, 0.02);
            Assert.Equal(expectedY, y, 0.02);
        }
    }

    [Fact]
    public async Task GetItemsAsync_DatetimeAndRealFilter_MatchedOnColumnTypes()
    {
        await ResetAsync();
        await InsertHazardAsync("2019-06-01", depthMax: 0.3);
        await InsertHazardAsync("2024-06-01", depthMax: 3.0);
        var depth = new PropertyFilter(HazardAreas.FindProperty("depth_max_m")!, "0.3");
        var day = FeatureQueryParser.ParseDateTime("2019-06-01T23:59:59Z").Value!;
        var source = new FeatureSource(fixture.DataSource);

        var byDepth = await source.GetItemsAsync(new FeatureQuery(HazardAreas, 10, 0, null, null, [depth], CrsRegistry.Crs84, []), Ct);
        var byDay = await source.GetItemsAsync(new FeatureQuery(HazardAreas, 10, 0, null, day, [], CrsRegistry.Crs84, []), Ct);

        Assert.Equal(1, byDepth.NumberMatched);
        Assert.Equal(1, byDay.NumberMatched);
        Assert.Contains("\"valid_from\":\"2019-06-01\"", byDay.Features.Single().Properties, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFeatureAsync_IdNotOfColumnType_Null()
    {
        await ResetAsync();
        var source = new FeatureSource(fixture.DataSource);

        Assert.Null(await source.GetFeatureAsync(Aeds, "not-a-number", CrsRegistry.Crs84, Ct));
        Assert.Null(await source.GetFeatureAsync(Aeds, "1", CrsRegistry.Crs84, Ct));
    }

    [Fact]
    public async Task GetExtentAsync_NoRows_AllNull()
    {
        await ResetAsync();

        var extent = await new FeatureSource(fixture.DataSource).GetExtentAsync(HazardAreas, Ct);

        Assert.Null(extent.Bbox);
        Assert.Null(extent.Start);
        Assert.Null(extent.End);
    }

    private Task ResetAsync() => fixture.Database.ExecuteAsync("TRUNCATE gis.facilities, gis.hazard_areas RESTART IDENTITY CASCADE");

    private Task InsertHazardAsync(string validFrom, double depthMax = 1.0) => fixture.Database.ExecuteAsync(FormattableString.Invariant(
        $"""
        INSERT INTO gis.hazard_areas (kind, rank, rank_label, depth_max_m, source, source_id, valid_from, geom) VALUES ('flood', 2,
        'r', {depthMax}, 't', '{validFrom}', '{validFrom}', ST_Multi(ST_MakeEnvelope(139.74, 35.64, 139.75, 35.65, 6668)))
        """));

    private static (double, double) Position(FeatureRow row)
    {
        using var doc = JsonDocument.Parse(row.Geometry!);
        var c = doc.RootElement.GetProperty("coordinates");
        return (c[0].GetDouble(), c[1].GetDouble());
    }
}
