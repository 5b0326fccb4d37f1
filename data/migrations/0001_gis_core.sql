-- Spatial core: Minato's layers. Geometry in EPSG:6668 (JGD2011 lon/lat) with GiST indexes;
-- metric work is done in EPSG:6677 (Japan Plane Rectangular CS IX) or geography.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting;
CREATE SCHEMA IF NOT EXISTS gis;

-- Every change to a layer bumps its version and notifies listeners (tile cache invalidation).
CREATE TABLE gis.layer_versions (
    layer      text PRIMARY KEY,
    version    bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION gis.bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO gis.layer_versions AS v (layer, version, changed_at) VALUES (TG_ARGV[0], 1, now())
    ON CONFLICT (layer) DO UPDATE SET version = v.version + 1, changed_at = now();
    PERFORM pg_notify('minato_layer_changed', TG_ARGV[0]);
    RETURN NULL;
END $$;

CREATE TABLE gis.boundary (
    id       text PRIMARY KEY,               -- '13103'
    name_ja  text NOT NULL,
    name_en  text NOT NULL,
    source   text NOT NULL,
    geom     geometry(MultiPolygon, 6668) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX boundary_geom_idx ON gis.boundary USING gist (geom);

CREATE TABLE gis.districts (
    id       text PRIMARY KEY,               -- shiba, azabu, akasaka, takanawa, shibaura-konan
    name_ja  text NOT NULL,
    name_en  text NOT NULL,
    source   text NOT NULL,
    geom     geometry(MultiPolygon, 6668) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX districts_geom_idx ON gis.districts USING gist (geom);

CREATE TABLE gis.roads (
    id               bigserial PRIMARY KEY,
    source           text NOT NULL,
    source_id        text NOT NULL,
    name             text,
    road_class       text NOT NULL,           -- OSM highway class or municipal class
    width_m          real CHECK (width_m IS NULL OR width_m > 0),
    oneway           boolean NOT NULL DEFAULT false,
    emergency_route  boolean NOT NULL DEFAULT false,   -- 緊急輸送道路
    blocked          boolean NOT NULL DEFAULT false,   -- set by road-blocked damage reports
    updated_at       timestamptz NOT NULL DEFAULT now(),
    geom             geometry(LineString, 6668) NOT NULL CHECK (ST_IsValid(geom)),
    UNIQUE (source, source_id)
);
CREATE INDEX roads_geom_idx ON gis.roads USING gist (geom);

-- Facilities: evacuation sites (指定緊急避難場所), shelters (指定避難所), AEDs and outdoor loudspeakers.
CREATE TABLE gis.facilities (
    id                bigserial PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('evacuation_site', 'shelter', 'aed', 'loudspeaker')),
    source            text NOT NULL,
    source_id         text NOT NULL,
    name              text NOT NULL,
    address           text,
    capacity          integer CHECK (capacity IS NULL OR capacity >= 0),
    welfare_shelter   boolean NOT NULL DEFAULT false,   -- 福祉避難所
    -- The eight hazard-suitability flags of the national dataset.
    suits_flood       boolean NOT NULL DEFAULT false,   -- 洪水
    suits_landslide   boolean NOT NULL DEFAULT false,   -- 崖崩れ、土石流及び地滑り
    suits_storm_surge boolean NOT NULL DEFAULT false,   -- 高潮
    suits_earthquake  boolean NOT NULL DEFAULT false,   -- 地震
    suits_tsunami     boolean NOT NULL DEFAULT false,   -- 津波
    suits_fire        boolean NOT NULL DEFAULT false,   -- 大規模な火事
    suits_inland_flood boolean NOT NULL DEFAULT false,  -- 内水氾濫
    suits_volcano     boolean NOT NULL DEFAULT false,   -- 火山現象
    is_open           boolean NOT NULL DEFAULT true,    -- usable now (operations may close a site)
    note              text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    geom              geometry(Point, 6668) NOT NULL,
    UNIQUE (kind, source, source_id)
);
CREATE INDEX facilities_geom_idx ON gis.facilities USING gist (geom);
CREATE INDEX facilities_kind_idx ON gis.facilities (kind);

CREATE TABLE gis.hazard_areas (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('flood', 'inland_flood', 'storm_surge', 'tsunami', 'landslide', 'liquefaction')),
    rank        smallint NOT NULL CHECK (rank BETWEEN 0 AND 10), -- depth rank or zone class (higher = worse)
    rank_label  text NOT NULL,                                    -- e.g. '0.5–3.0 m', '土砂災害警戒区域'
    depth_min_m real,
    depth_max_m real,
    source      text NOT NULL,
    source_id   text NOT NULL,
    valid_from  date NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    geom        geometry(MultiPolygon, 6668) NOT NULL CHECK (ST_IsValid(geom)),
    UNIQUE (source, source_id)
);
CREATE INDEX hazard_areas_geom_idx ON gis.hazard_areas USING gist (geom);
CREATE INDEX hazard_areas_kind_idx ON gis.hazard_areas (kind);

CREATE TABLE gis.borings (
    id                  bigserial PRIMARY KEY,
    source              text NOT NULL,
    source_id           text NOT NULL,
    name                text,
    ground_elevation_m  real,            -- T.P.
    total_depth_m       real NOT NULL CHECK (total_depth_m > 0),
    drilled_on          date,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    geom                geometry(Point, 6668) NOT NULL,
    UNIQUE (source, source_id)
);
CREATE INDEX borings_geom_idx ON gis.borings USING gist (geom);

CREATE TABLE gis.boring_layers (
    boring_id   bigint NOT NULL REFERENCES gis.borings (id) ON DELETE CASCADE,
    seq         integer NOT NULL,
    top_m       real NOT NULL CHECK (top_m >= 0),
    bottom_m    real NOT NULL,
    soil_name   text NOT NULL,
    spt_n       smallint CHECK (spt_n IS NULL OR spt_n BETWEEN 0 AND 300),  -- N-value at this layer (max 50 in practice; >50 as extrapolated)
    PRIMARY KEY (boring_id, seq),
    CHECK (bottom_m > top_m)
);

CREATE TRIGGER boundary_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.boundary
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('boundary');
CREATE TRIGGER districts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.districts
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('districts');
CREATE TRIGGER roads_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.roads
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('roads');
CREATE TRIGGER facilities_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.facilities
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('facilities');
CREATE TRIGGER hazard_areas_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.hazard_areas
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('hazard_areas');
CREATE TRIGGER borings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.borings
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('borings');
