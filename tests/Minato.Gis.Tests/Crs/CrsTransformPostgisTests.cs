using Minato.Gis.Crs;
using Minato.Gis.Layers;
using Minato.Testing;
using Npgsql;

namespace Minato.Gis.Tests.Crs;

/// <summary>ProjNet against PostGIS ST_Transform (PROJ) over the ward, each direction, to 1 mm.</summary>
public sealed class CrsTransformPostgisTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const double OneMillimetre = 0.001;

    public static TheoryData<int, int> Pairs => new()
    {
        { 6668, 6677 }, { 6677, 6668 }, { 6668, 3857 }, { 3857, 6668 }, { 6677, 3857 }, { 3857, 6677 },
        { 4326, 6677 }, { 6677, 4326 }, { 4326, 6668 }, { 6668, 4326 },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task TransformEastFirst_WardPoints_AgreesWithPostgisToOneMillimetre(int from, int to)
    {
        Assert.True(CrsRegistry.TryGet(from, out var source));
        Assert.True(CrsRegistry.TryGet(to, out var target));
        var lonLat = WardPoints();
        // Start points in the source CRS, made by PostGIS so both sides start from the same numbers.
        var (xs, ys) = await PostgisTransform(lonLat, 6668, from);

        var (px, py) = await PostgisTransform(xs.Zip(ys).ToArray(), from, to);
        var transform = CrsTransform.Create(source, target);
        var worst = 0.0;
        for (var i = 0; i < xs.Length; i++)
        {
            var (ex, ny) = transform.TransformEastFirst(xs[i], ys[i]);
            var error = target.IsGeographic
                ? GroundDistance(ex, ny, px[i], py[i])
                : Math.Sqrt(((ex - px[i]) * (ex - px[i])) + ((ny - py[i]) * (ny - py[i])));
            worst = Math.Max(worst, error);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{from}->{to}: worst {worst * 1000:F6} mm over {xs.Length} points");
        Assert.True(worst < OneMillimetre, $"{from}->{to}: worst difference {worst * 1000:F4} mm over {xs.Length} points");
    }

    [Fact]
    public async Task Transform_AxisOrderOfPlaneIX_MatchesFlippedPostgis()
    {
        var transform = CrsTransform.Create(CrsRegistry.Jgd2011, CrsRegistry.JapanPlaneIX);
        var (northing, easting) = transform.Transform(35.6586, 139.7454);

        await using var cmd = fixture.DataSource.CreateCommand(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_FlipCoordinates(ST_Transform(ST_SetSRID(ST_Point(139.7454, 35.6586), 6668), 6677)) " +
                "g) s");
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(reader.GetDouble(0), northing, OneMillimetre);
        Assert.Equal(reader.GetDouble(1), easting, OneMillimetre);
    }

    /// <summary>A 20 × 20 grid over the ward plus 200 seeded random points: 600 lon/lat pairs.</summary>
    private static (double X, double Y)[] WardPoints()
    {
        var e = Ward.Extent;
        var points = new List<(double, double)>();
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 20; j++)
            {
                points.Add((e.MinX + (e.Width * i / 19), e.MinY + (e.Height * j / 19)));
            }
        }

        var random = new Random(6677);
        for (var i = 0; i < 200; i++)
        {
            points.Add((e.MinX + (random.NextDouble() * e.Width), e.MinY + (random.NextDouble() * e.Height)));
        }

        return [.. points];
    }

    private async Task<(double[] X, double[] Y)> PostgisTransform((double X, double Y)[] points, int from, int to)
    {
        await using var cmd = fixture.DataSource.CreateCommand(
            "SELECT ST_X(g), ST_Y(g) FROM (SELECT n, ST_Transform(ST_SetSRID(ST_Point(x, y), $3), $4) g "
            + "FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n)) s ORDER BY n");
        cmd.Parameters.Add(new NpgsqlParameter { Value = points.Select(p => p.X).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = points.Select(p => p.Y).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = from });
        cmd.Parameters.Add(new NpgsqlParameter { Value = to });
        var xs = new List<double>();
        var ys = new List<double>();
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            xs.Add(reader.GetDouble(0));
            ys.Add(reader.GetDouble(1));
        }

        return ([.. xs], [.. ys]);
    }

    // Metres on the ground between two lon/lat positions this close together (local equirectangular).
    private static double GroundDistance(double lon1, double lat1, double lon2, double lat2)
    {
        const double metresPerDegree = 111_320.0;
        var dx = (lon1 - lon2) * metresPerDegree * Math.Cos(lat1 * Math.PI / 180);
        var dy = (lat1 - lat2) * metresPerDegree;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
