namespace Minato.Testing;

/// <summary>
/// A small hand-made scene for point hazard queries, inserted into a test's own database. Distances are laid out in
/// metres around <see cref="Lon"/>, <see cref="Lat"/> so that ranking by degrees and by metres disagree.
/// </summary>
public static class HazardScenario
{
    public const double Lon = 139.7454;
    public const double Lat = 35.6586;

    /// <summary>Metres per degree at the scene's latitude (spherical approximation, good to 0.5 % for layout).</summary>
    public static double MetresPerDegreeLat => 110_950;

    public static double MetresPerDegreeLon => 111_320 * Math.Cos(Lat * Math.PI / 180);

    public static string Point(double eastMetres, double northMetres) =>
        FormattableString.Invariant(
            $"ST_SetSRID(ST_Point({Lon + (eastMetres / MetresPerDegreeLon)}, {Lat + (northMetres / MetresPerDegreeLat)}), 6668)");

    /// <summary>SQL that loads the scene.</summary>
    public static string Sql { get; } = $"""
        INSERT INTO gis.boundary (id, name_ja, name_en, source, geom) VALUES
          ('13103', '港区', 'Minato City', 'test',
           ST_Multi(ST_MakeEnvelope(139.70, 35.62, 139.79, 35.69, 6668)));
        INSERT INTO gis.districts (id, name_ja, name_en, source, geom) VALUES
          ('shiba', '芝地区', 'Shiba', 'test', ST_Multi(ST_MakeEnvelope(139.74, 35.62, 139.79, 35.69, 6668)));
        INSERT INTO gis.hazard_areas (kind, rank, rank_label, depth_min_m, depth_max_m, source, source_id, valid_from, geom) VALUES
          ('flood', 3, '0.5–3.0 m', 0.5, 3.0, 'test', 'f1', '2024-04-01', ST_Multi(ST_Buffer({Point(0, 0)}, 0.01))),
          ('flood', 1, '< 0.5 m', 0, 0.5, 'test', 'f2', '2024-04-01', ST_Multi(ST_Buffer({Point(0, 0)}, 0.02))),
          ('inland_flood', 2, '0.2–0.5 m', 0.2, 0.5, 'test', 'i1', '2024-04-01', ST_Multi(ST_Buffer({Point(0, 0)}, 0.01))),
          ('tsunami', 2, '1–2 m', 1, 2, 'test', 't1', '2024-04-01', ST_Multi(ST_Buffer({Point(5000, 0)}, 0.001)));
        INSERT INTO gis.facilities (kind, source, source_id, name, capacity, suits_flood, is_open, geom) VALUES
          ('evacuation_site', 'test', 'north300', 'North 300 m', 500, true, true, {Point(0, 300)}),
          ('evacuation_site', 'test', 'east280', 'East 280 m', 800, true, true, {Point(280, 0)}),
          ('evacuation_site', 'test', 'south900', 'South 900 m', 100, true, true, {Point(0, -900)}),
          ('evacuation_site', 'test', 'west1500', 'West 1500 m', 100, true, true, {Point(-1500, 0)}),
          ('evacuation_site', 'test', 'closed100', 'Closed 100 m', 100, true, false, {Point(100, 0)}),
          ('evacuation_site', 'test', 'quake50', 'Earthquake only 50 m', 100, false, true, {Point(0, 50)}),
          ('shelter', 'test', 'shelter10', 'A shelter, not a site, 10 m', 100, true, true, {Point(10, 0)});
        UPDATE gis.facilities SET suits_earthquake = true WHERE source_id = 'quake50';
        INSERT INTO gis.borings (source, source_id, name, ground_elevation_m, total_depth_m, geom) VALUES
          ('test', 'near', 'B-near', 3.2, 30, {Point(40, 40)}),
          ('test', 'far', 'B-far', 20.0, 15, {Point(600, 600)});
        INSERT INTO gis.boring_layers (boring_id, seq, top_m, bottom_m, soil_name, spt_n)
          SELECT id, s, (s - 1) * 5, s * 5, CASE WHEN s = 1 THEN '埋土' WHEN s < 5 THEN 'シルト' ELSE '砂礫' END,
                 CASE WHEN s < 5 THEN s * 3 ELSE 50 + s END
          FROM gis.borings, generate_series(1, 6) s WHERE source_id = 'near';
        """;
}
