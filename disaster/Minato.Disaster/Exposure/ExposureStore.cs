using System.Globalization;
using Minato.Disaster.Results;
using Minato.Gis.Database;
using Minato.Gis.Import;
using Minato.Gis.Layers;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Minato.Disaster.Exposure;

/// <summary>
/// Population exposure over <c>gis.chome</c> (e-Stat 2020). Area weighting: a 町丁目 partly inside counts
/// residents × (its area inside ÷ its area), areas in EPSG:6677 (metres) — it assumes residents spread evenly over the
/// 町丁目, the finest spread the census publishes. A 町丁目 wholly inside counts whole. Thread-safe.
/// </summary>
public sealed class ExposureStore(NpgsqlDataSource db)
{
    /// <summary>Hazard kinds of <c>gis.hazard_areas</c>.</summary>
    public static IReadOnlyList<string> HazardKinds { get; } =
        ["flood", "inland_flood", "storm_surge", "tsunami", "landslide", "liquefaction"];

    /// <summary>Largest number of vertices accepted in a polygon query.</summary>
    public const int MaxPolygonVertices = 1000;

    private const string Method = "area-weighted: census residents × (area inside ÷ area of the 町丁目), EPSG:6677";

    // The area query ($1) is one of the fixed constants below; each returns one geometry in EPSG:6668.
    private const string HazardArea = "SELECT ST_Union(geom) FROM gis.hazard_areas WHERE kind = $1";
    private const string AlertArea = "SELECT geom FROM ops.public_alerts WHERE id = $1";
    private const string ChomeArea = "SELECT ST_Union(geom) FROM gis.chome WHERE key_code = ANY($1)";

    /// <summary>Residents in the union of the hazard areas of <paramref name="kind"/>.</summary>
    public Task<Outcome<ExposureReport>> ForHazardAsync(string kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return HazardKinds.Contains(kind, StringComparer.Ordinal)
            ? ComputeAsync("hazard", kind, HazardArea, kind, cancellationToken)
            : Task.FromResult(Invalid("hazard", $"hazard must be one of {string.Join(", ", HazardKinds)}"));
    }

    /// <summary>Residents in the area of resident alert <paramref name="alertId"/> (404 when there is none).</summary>
    public async Task<Outcome<ExposureReport>> ForAlertAsync(long alertId, CancellationToken cancellationToken = default)
    {
        var exists = await db.ScalarAsync("SELECT EXISTS (SELECT 1 FROM ops.public_alerts WHERE id = $1)", [alertId], cancellationToken);
        return exists is true
            ? await ComputeAsync("alert", alertId.ToString(CultureInfo.InvariantCulture), AlertArea, alertId, cancellationToken)
            : Outcome<ExposureReport>.NotFound($"no resident alert '{alertId}'");
    }

    /// <summary>Residents of the named 町丁目 (KEY_CODEs), each wholly.</summary>
    public async Task<Outcome<ExposureReport>> ForChomeAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count is 0 or > 200)
        {
            return Invalid("chome", "chome takes 1–200 KEY_CODEs, comma-separated");
        }

        var known = await db.QueryAsync("SELECT key_code FROM gis.chome WHERE key_code = ANY($1)", [keys.ToArray()],
            r => r.GetString(0), cancellationToken);
        var unknown = keys.Except(known, StringComparer.Ordinal).ToList();
        return unknown.Count > 0
            ? Invalid("chome", $"unknown 町丁目 KEY_CODE(s): {string.Join(", ", unknown.Take(10))}")
            : await ComputeAsync("chome", string.Join(',', keys), ChomeArea, keys.ToArray(), cancellationToken);
    }

    /// <summary>Residents inside <paramref name="polygon"/> (EPSG:6668, checked by the caller with <see cref="ParsePolygon"/>).</summary>
    public Task<Outcome<ExposureReport>> ForPolygonAsync(string text, Polygon polygon, CancellationToken cancellationToken = default) =>
        ComputeAsync("polygon", text, "SELECT $1::geometry", polygon, cancellationToken);

    /// <summary>
    /// A polygon from <c>lon,lat,lon,lat,…</c> (EPSG:6668; the ring is closed if the last point is not the first):
    /// at least three points, at most <see cref="MaxPolygonVertices"/>, valid, near the ward. Returns the reason when not.
    /// </summary>
    public static (Polygon? Polygon, string? Error) ParsePolygon(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length % 2 != 0 || parts.Length < 6 || parts.Length > 2 * MaxPolygonVertices)
        {
            return (null, $"polygon is lon,lat,lon,lat,… with 3–{MaxPolygonVertices} points");
        }

        var coordinates = new List<Coordinate>();
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                return (null, $"polygon point {(i / 2) + 1} is not two numbers");
            }

            coordinates.Add(new Coordinate(x, y));
        }

        if (!coordinates[0].Equals2D(coordinates[^1]))
        {
            coordinates.Add(coordinates[0].Copy());
        }

        if (coordinates.Count < 4)
        {
            return (null, "polygon needs three distinct points");
        }

        var polygon = GeometryChecks.Factory.CreatePolygon(coordinates.ToArray());
        return GeometryChecks.Check(polygon) is { } problem ? (null, "polygon: " + problem) : (polygon, null);
    }

    private async Task<Outcome<ExposureReport>> ComputeAsync(string area, string value, string areaSql, object parameter,
        CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync($"""
            WITH a AS (SELECT ST_Transform(g, 6677) AS g FROM ({areaSql}) AS q (g) WHERE g IS NOT NULL),
            x AS (
                SELECT c.key_code, c.name, c.district, c.population, c.households,
                       CASE WHEN ST_CoveredBy(m.g, a.g) THEN 1.0
                            ELSE ST_Area(ST_Intersection(m.g, a.g)) / NULLIF(ST_Area(m.g), 0) END AS share
                FROM gis.chome c CROSS JOIN a
                CROSS JOIN LATERAL (SELECT ST_Transform(c.geom, 6677) AS g) m
                WHERE ST_Intersects(c.geom, ST_Transform(a.g, 6668)))
            SELECT key_code, name, district, share, population, households FROM x WHERE share > 0 ORDER BY key_code
            """, [parameter], r => new ChomeExposure(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3),
                (int)Math.Round(r.GetInt32(4) * r.GetDouble(3), MidpointRounding.AwayFromZero),
                (int)Math.Round(r.GetInt32(5) * r.GetDouble(3), MidpointRounding.AwayFromZero), r.GetInt32(4), r.GetInt32(5)),
            cancellationToken);
        var districts = Ward.Districts
            .Select(d => (d, rows.Where(c => c.District == d.Id).ToList()))
            .Where(x => x.Item2.Count > 0)
            .Select(x => new DistrictExposure(x.d.Id, x.d.NameJa, x.d.NameEn, x.Item2.Sum(c => (long)c.Population),
                x.Item2.Sum(c => (long)c.Households), x.Item2.Count))
            .ToList();
        var total = new ExposureTotals(rows.Sum(c => (long)c.Population), rows.Sum(c => (long)c.Households), rows.Count);
        return Outcome<ExposureReport>.Ok(new ExposureReport(area, value, Method, total, districts, rows));
    }

    private static Outcome<ExposureReport> Invalid(string field, string message) =>
        Outcome<ExposureReport>.Invalid(message, new Dictionary<string, string[]> { [field] = [message] });
}
