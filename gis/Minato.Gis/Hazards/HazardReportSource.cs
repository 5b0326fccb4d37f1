using System.Collections.Frozen;
using Minato.Gis.Database;
using Npgsql;

namespace Minato.Gis.Hazards;

/// <summary>
/// Answers "what hazards are here, and where do I go" for a point (EPSG:6668 lon/lat) from the PostGIS layers.
/// Distances are measured in EPSG:6677 (Japan Plane Rectangular CS IX), exact to the millimetre over the ward.
/// Thread-safe; one instance per process.
/// </summary>
public sealed class HazardReportSource(NpgsqlDataSource dataSource)
{
    /// <summary>Sites returned per hazard.</summary>
    public const int SitesPerHazard = 3;

    // Nearest-neighbour search runs on the degree-based GiST index (<->), whose ranking differs from metric distance by
    // at most cos(lat) ≈ 0.81 at Minato; taking 8× the wanted rows as candidates and re-ranking them in metres keeps the
    // index in use without missing a nearer site.
    private const int Candidates = 8 * SitesPerHazard;

    private const string PointCte =
        "WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 6668) AS g, ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 6668), 6677) AS m) ";

    internal const string LocationSql = PointCte + """
        SELECT (SELECT count(*) FROM gis.boundary) AS boundaries,
               EXISTS (SELECT 1 FROM gis.boundary b WHERE ST_Intersects(b.geom, p.g)) AS inside,
               d.id, d.name_ja, d.name_en
        FROM p LEFT JOIN LATERAL (SELECT id, name_ja, name_en FROM gis.districts WHERE ST_Intersects(geom, p.g) LIMIT 1) d ON true
        """;

    internal const string DistanceToWardSql = PointCte +
        "SELECT min(ST_Distance(ST_Transform(b.geom, 6677), p.m)) FROM gis.boundary b, p";

    // Columns stored as real (float4) are read through numeric so 2.6 stays 2.6 rather than 2.5999999046325684.
    internal const string HazardsSql = PointCte + """
        SELECT h.id, h.kind, h.rank, h.rank_label, h.depth_min_m::numeric::float8, h.depth_max_m::numeric::float8, h.source, h.valid_from
        FROM gis.hazard_areas h, p
        WHERE ST_Intersects(h.geom, p.g)
        ORDER BY h.kind, h.rank DESC, h.id
        """;

    internal const string BoringSql = PointCte + """
        SELECT b.id, b.name, ST_Distance(ST_Transform(b.geom, 6677), p.m) AS distance, ST_X(b.geom), ST_Y(b.geom),
               b.ground_elevation_m::numeric::float8, b.total_depth_m::numeric::float8,
               (SELECT count(*) FROM gis.boring_layers l WHERE l.boring_id = b.id)::int,
               (SELECT l.soil_name FROM gis.boring_layers l WHERE l.boring_id = b.id ORDER BY l.top_m LIMIT 1),
               (SELECT max(l.spt_n) FROM gis.boring_layers l WHERE l.boring_id = b.id)::int,
               (SELECT min(l.top_m)::numeric::float8 FROM gis.boring_layers l WHERE l.boring_id = b.id AND l.spt_n >= 50)
        FROM (SELECT c.* FROM gis.borings c, p ORDER BY c.geom <-> p.g LIMIT 8) b, p
        ORDER BY distance, b.id
        LIMIT 1
        """;

    // One statement per suitability flag; the column names come from HazardKind, never from the request.
    internal static readonly FrozenDictionary<string, string> SitesSql = HazardKind.All
        .SelectMany(k => new[] { k.SuitabilityColumn, k.FallbackSuitabilityColumn })
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(c => c, c => PointCte + $"""
            SELECT s.id, s.name, s.address, s.capacity, ST_X(s.geom), ST_Y(s.geom), ST_Distance(ST_Transform(s.geom, 6677), p.m) AS distance
            FROM (SELECT f.* FROM gis.facilities f, p
                  WHERE f.kind = 'evacuation_site' AND f.is_open AND f."{c}"
                  ORDER BY f.geom <-> p.g LIMIT {Candidates}) s, p
            ORDER BY distance, s.id
            LIMIT {SitesPerHazard}
            """, StringComparer.Ordinal);

    public async Task<HazardReportResult> GetAsync(double lon, double lat, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            return HazardReportResult.Refused(HazardReportRefusal.InvalidCoordinate,
                $"({lon}, {lat}) is not a longitude/latitude: lon must be within -180..180 and lat within -90..90");
        }

        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);

        ReportLocation location;
        await using (var cmd = await CommandAsync(conn, LocationSql, lon, lat, cancellationToken))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            await r.ReadAsync(cancellationToken);
            if (r.GetInt64(0) == 0)
            {
                return HazardReportResult.Refused(HazardReportRefusal.NoBoundary, "no ward boundary is loaded");
            }

            if (!r.GetBoolean(1))
            {
                await r.CloseAsync();
                await using var d = Command(conn, DistanceToWardSql, lon, lat);
                var distance = Convert.ToDouble(await d.ExecuteScalarAsync(cancellationToken),
                    System.Globalization.CultureInfo.InvariantCulture);
                return HazardReportResult.Refused(HazardReportRefusal.OutsideWard,
                    $"the point ({lon}, {lat}) is outside Minato City, {Math.Round(distance)} m from its boundary", Math.Round(distance,
                        1));
            }

            location = new ReportLocation(lon, lat, NullableString(r, 2), NullableString(r, 3), NullableString(r, 4));
        }

        var hazards = new List<HazardAtPoint>();
        await using (var cmd = await CommandAsync(conn, HazardsSql, lon, lat, cancellationToken))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var kind = r.GetString(1);
                var known = HazardKind.Find(kind);
                hazards.Add(new HazardAtPoint(r.GetInt64(0), kind, known?.NameJa ?? kind, known?.NameEn ?? kind, r.GetInt16(2),
                    r.GetString(3),
                    NullableReal(r, 4), NullableReal(r, 5), r.GetString(6), r.GetFieldValue<DateOnly>(7)));
            }
        }

        BoringSummary? boring = null;
        await using (var cmd = await CommandAsync(conn, BoringSql, lon, lat, cancellationToken))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (await r.ReadAsync(cancellationToken))
            {
                boring = new BoringSummary(r.GetInt64(0), NullableString(r, 1), Math.Round(r.GetDouble(2), 1), r.GetDouble(3),
                    r.GetDouble(4),
                    NullableReal(r, 5), r.GetDouble(6), r.GetInt32(7), NullableString(r, 8), r.IsDBNull(9) ? null : r.GetInt32(9),
                        NullableReal(r, 10));
            }
        }

        var evacuation = new List<EvacuationChoice>();
        foreach (var kind in hazards.Select(h => h.Kind).Distinct(StringComparer.Ordinal))
        {
            if (HazardKind.Find(kind) is not { } known)
            {
                continue;
            }

            var sites = await SitesAsync(conn, known.SuitabilityColumn, lon, lat, cancellationToken);
            if (sites.Count == 0 && known.FallbackSuitabilityColumn is { } fallback)
            {
                evacuation.Add(new EvacuationChoice(kind, fallback, true, await SitesAsync(conn, fallback, lon, lat, cancellationToken)));
            }
            else
            {
                evacuation.Add(new EvacuationChoice(kind, known.SuitabilityColumn, false, sites));
            }
        }

        return HazardReportResult.Found(new HazardReport(location, hazards, boring, evacuation));
    }

    private static async Task<IReadOnlyList<EvacuationSite>> SitesAsync(
        NpgsqlConnection conn, string suitability, double lon, double lat, CancellationToken cancellationToken)
    {
        var sites = new List<EvacuationSite>(SitesPerHazard);
        await using var cmd = await CommandAsync(conn, SitesSql[suitability], lon, lat, cancellationToken);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            sites.Add(new EvacuationSite(r.GetInt64(0), r.GetString(1), NullableString(r, 2), r.IsDBNull(3) ? null : r.GetInt32(3),
                r.GetDouble(4), r.GetDouble(5), Math.Round(r.GetDouble(6), 1)));
        }

        return sites;
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, double lon, double lat)
    {
        // The SQL texts are constants of this class; the point is always a parameter.
        var cmd = Sql.Command(conn, sql);
        cmd.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        cmd.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        return cmd;
    }

    /// <summary>
    /// A command prepared on its connection, as the tile source's: Npgsql keeps the statement across pool returns, so PostGIS
    /// parses and plans each of these few texts once per physical connection instead of on every request (measured by
    /// <c>./minato bench public</c>: the report is the public surge's most asked question).
    /// </summary>
    private static async Task<NpgsqlCommand> CommandAsync(NpgsqlConnection conn, string sql, double lon, double lat,
        CancellationToken cancellationToken)
    {
        var cmd = Command(conn, sql, lon, lat);
        try
        {
            await cmd.PrepareAsync(cancellationToken);
            return cmd;
        }
        catch
        {
            await cmd.DisposeAsync();
            throw;
        }
    }

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? NullableReal(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i),
        System.Globalization.CultureInfo.InvariantCulture);
}
