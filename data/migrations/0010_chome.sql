-- 町丁目 (census small areas, e-Stat 2020) with residents and households, each in one of the five districts.
-- The districts layer is rebuilt as the union of its 町丁目 when they are imported (gis/Minato.Gis/Import).
CREATE TABLE gis.chome (
    key_code    text PRIMARY KEY CHECK (key_code ~ '^13103[0-9]{4,6}$'),  -- e-Stat KEY_CODE
    name        text NOT NULL,                                            -- S_NAME, e.g. 芝一丁目; 水面 for water
    population  integer NOT NULL CHECK (population >= 0),                 -- JINKO, census 2020
    households  integer NOT NULL CHECK (households >= 0),                 -- SETAI, census 2020
    district    text NOT NULL CHECK (district IN ('shiba', 'azabu', 'akasaka', 'takanawa', 'shibaura-konan')),
    source      text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    geom        geometry(MultiPolygon, 6668) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX chome_geom_idx ON gis.chome USING gist (geom);
CREATE INDEX chome_district_idx ON gis.chome (district);

CREATE TRIGGER chome_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON gis.chome
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('chome');
