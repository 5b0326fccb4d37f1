-- SYNTHETIC benchmark data (not real Minato data): deterministic roads, facilities and hazard polygons spread over the
-- ward's bounding box (lon 139.708–139.783, lat 35.623–35.683), so `./minato bench tiles` depends on nothing else.
-- Rows are tagged source = 'synthetic-bench' and replaced on every run. The pseudo-random numbers are a sine hash of
-- the row number, so every run (and every machine) gets the same rows.
CREATE OR REPLACE FUNCTION pg_temp.h(i integer, s integer) RETURNS double precision LANGUAGE sql IMMUTABLE AS
$$ SELECT abs(sin(i * 12.9898 + s * 78.233) * 43758.5453) - floor(abs(sin(i * 12.9898 + s * 78.233) * 43758.5453)) $$;

DELETE FROM gis.roads WHERE source = 'synthetic-bench';
DELETE FROM gis.facilities WHERE source = 'synthetic-bench';
DELETE FROM gis.hazard_areas WHERE source = 'synthetic-bench';

-- 5,000 roads: random walks of 5–20 vertices, steps of ~20–60 m.
INSERT INTO gis.roads (source, source_id, name, road_class, width_m, oneway, emergency_route, geom)
SELECT 'synthetic-bench', 'r' || i, '合成道路 ' || i,
       (ARRAY['primary', 'secondary', 'tertiary', 'residential', 'service'])[1 + i % 5],
       4 + i % 12, i % 7 = 0, i % 11 = 0,
       (SELECT ST_SetSRID(ST_MakeLine(ST_MakePoint(
                   139.708 + 0.075 * pg_temp.h(i, 1) + k * (pg_temp.h(i, 3) - 0.5) * 0.0012 + 0.00015 * sin(k * 1.7 + i),
                   35.623 + 0.060 * pg_temp.h(i, 2) + k * (pg_temp.h(i, 4) - 0.5) * 0.0012 + 0.00015 * cos(k * 1.3 + i))
               ORDER BY k), 6668)
        FROM generate_series(0, 4 + i % 16) AS k)
FROM generate_series(1, 5000) AS i;

-- 4,000 facilities, a quarter of each kind.
INSERT INTO gis.facilities (kind, source, source_id, name, address, capacity, welfare_shelter, suits_flood, suits_earthquake, geom)
SELECT (ARRAY['evacuation_site', 'shelter', 'aed', 'loudspeaker'])[1 + i % 4], 'synthetic-bench', 'f' || i,
       '合成施設 ' || i, '港区 ' || i, 50 + i % 950, i % 9 = 0, i % 2 = 0, i % 3 <> 0,
       ST_SetSRID(ST_MakePoint(139.708 + 0.075 * pg_temp.h(i, 5), 35.623 + 0.060 * pg_temp.h(i, 6)), 6668)
FROM generate_series(1, 4000) AS i;

-- 1,500 hazard polygons: star-shaped rings of 96 vertices, radius 80–500 m (always valid: the radius stays positive
-- and the angle increases monotonically).
INSERT INTO gis.hazard_areas (kind, rank, rank_label, depth_min_m, depth_max_m, source, source_id, valid_from, geom)
SELECT (ARRAY['flood', 'inland_flood', 'storm_surge', 'tsunami', 'landslide', 'liquefaction'])[1 + i % 6],
       1 + i % 5, '合成ランク ' || (1 + i % 5), 0.5 * (i % 5), 0.5 * (i % 5) + 0.5,
       'synthetic-bench', 'h' || i, DATE '2024-04-01',
       (SELECT ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ST_MakePoint(
                   139.708 + 0.075 * pg_temp.h(i, 7) + r * cos(a) / 0.8126,
                   35.623 + 0.060 * pg_temp.h(i, 8) + r * sin(a)) ORDER BY k)), 6668))
        FROM (SELECT k, 2 * pi() * (k % 96) / 96 AS a,
                     (0.0008 + 0.0037 * pg_temp.h(i, 9)) * (1 + 0.25 * sin(5 * 2 * pi() * (k % 96) / 96 + i)) AS r
              FROM generate_series(0, 96) AS k) AS ring)
FROM generate_series(1, 1500) AS i;

ANALYZE gis.roads;
ANALYZE gis.facilities;
ANALYZE gis.hazard_areas;
