using System.Globalization;
using Minato.Testing;

namespace Minato.Gis.Http.Tests.Ogc;

/// <summary>Rows the OGC tests insert for themselves (each test resets the tables it reads first).</summary>
internal static class OgcTestData
{
    public static Task ResetAsync(TestDatabase db) =>
        db.ExecuteAsync("TRUNCATE gis.facilities, gis.roads, gis.hazard_areas, gis.borings, gis.boundary, gis.districts RESTART IDENTITY " +
            "CASCADE");

    /// <summary><paramref name="count"/> AEDs on a diagonal through the ward, ids 1..count in insert order.</summary>
    public static Task InsertAedsAsync(TestDatabase db, int count) => db.ExecuteAsync(
        "INSERT INTO gis.facilities (kind, source, source_id, name, geom) "
        + "SELECT 'aed', 'test', 'aed-' || i, 'AED ' || i, "
        + $"ST_SetSRID(ST_Point(139.71 + i * 0.07 / {count.ToString(CultureInfo.InvariantCulture)}, "
        + $"35.625 + i * 0.055 / {count.ToString(CultureInfo.InvariantCulture)}), 6668) "
        + $"FROM generate_series(1, {count.ToString(CultureInfo.InvariantCulture)}) i");

    public static Task InsertShelterAsync(TestDatabase db, string name, double lon, double lat, int? capacity, bool isOpen) =>
        db.ExecuteAsync(FormattableString.Invariant(
            $"""
            INSERT INTO gis.facilities (kind, source, source_id, name, capacity, is_open, suits_earthquake, geom) VALUES ('shelter',
            'test', '{name}', '{name}', {(capacity is null ? "NULL" : capacity.Value.ToString(CultureInfo.InvariantCulture))},
            {(isOpen ? "true" : "false")}, true, ST_SetSRID(ST_Point({lon}, {lat}), 6668))
            """));

    public static Task InsertHazardAreaAsync(TestDatabase db, string sourceId, string kind, int rank, double depthMax, string validFrom) =>
        db.ExecuteAsync(FormattableString.Invariant(
            $"""
            INSERT INTO gis.hazard_areas (kind, rank, rank_label, depth_min_m, depth_max_m, source, source_id, valid_from, geom)
            VALUES ('{kind}', {rank}, 'rank {rank}', 0, {depthMax}, 'test', '{sourceId}', '{validFrom}',
            ST_Multi(ST_MakeEnvelope(139.74, 35.64, 139.75, 35.65, 6668)))
            """));
}
