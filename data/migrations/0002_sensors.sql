-- Telemetry (issue 3): stations, observations, latest values, alert states and history, dead letters.
-- Times are timestamptz in UTC; geometry in EPSG:6668 (lon, lat).
CREATE SCHEMA IF NOT EXISTS sensors;

CREATE TABLE sensors.stations (
    id                  text PRIMARY KEY CHECK (id ~ '^[A-Z0-9][A-Z0-9-]{1,63}$'),
    kind                text NOT NULL CHECK (kind IN ('rain', 'river', 'radiation')),
    name_ja             text NOT NULL,
    name_en             text NOT NULL,
    district            text CHECK (district IN ('shiba', 'azabu', 'akasaka', 'takanawa', 'shibaura-konan')),
    river               text,                        -- river gauges: river name (古川)
    reach               text,                        -- river gauges: reach / bridge (四ノ橋)
    interval_s          integer NOT NULL DEFAULT 600 CHECK (interval_s BETWEEN 1 AND 86400),
    -- Rain: hourly rain lines (mm/h, ascending; default 30/50/80 = 激しい/非常に激しい/猛烈な雨) and 24-hour totals (mm).
    rain_1h_mm          real[] CHECK (rain_1h_mm IS NULL OR cardinality(rain_1h_mm) BETWEEN 1 AND 3),
    rain_24h_mm         real[] CHECK (rain_24h_mm IS NULL OR cardinality(rain_24h_mm) BETWEEN 1 AND 3),
    -- River: 水防団待機水位, 氾濫注意水位, 避難判断水位, 氾濫危険水位 (m, T.P.), ascending.
    river_stages_m      real[] CHECK (river_stages_m IS NULL OR cardinality(river_stages_m) = 4),
    -- Radiation: air dose rate caution line (µSv/h; 0.23 = decontamination reference ≈ 1 mSv/year).
    dose_caution_usvh   real CHECK (dose_caution_usvh IS NULL OR dose_caution_usvh > 0),
    -- MQTT password of the station (PBKDF2-SHA256, see StationCredentials); NULL = the station cannot publish.
    mqtt_password_hash  text,
    active              boolean NOT NULL DEFAULT true,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    geom                geometry(Point, 6668) NOT NULL,
    CHECK (kind <> 'river' OR river_stages_m IS NOT NULL),
    CHECK (kind <> 'rain' OR rain_1h_mm IS NOT NULL),
    CHECK (kind <> 'radiation' OR dose_caution_usvh IS NOT NULL)
);
CREATE INDEX stations_geom_idx ON sensors.stations USING gist (geom);

-- One row per reading. No foreign key to stations on purpose: the ingest validates against the station
-- directory before writing, and a per-row FK check costs ~20 % of the COPY rate at 50,000 readings/s.
CREATE TABLE sensors.observations (
    station_id   text NOT NULL,
    observed_at  timestamptz NOT NULL,
    value        double precision NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (station_id, observed_at)
);

-- The newest reading per station (by observed time) for instant reads, with the derived values as of that time.
CREATE TABLE sensors.latest (
    station_id   text PRIMARY KEY REFERENCES sensors.stations (id) ON DELETE CASCADE,
    observed_at  timestamptz NOT NULL,
    value        double precision NOT NULL,
    received_at  timestamptz NOT NULL,
    derived      jsonb NOT NULL DEFAULT '{}',
    derived_at   timestamptz
);

-- Current alert state per station and measure (rain_1h, rain_24h, stage, dose_10min, offline).
CREATE TABLE sensors.alert_states (
    station_id     text NOT NULL REFERENCES sensors.stations (id) ON DELETE CASCADE,
    measure        text NOT NULL,
    stage          smallint NOT NULL CHECK (stage BETWEEN 0 AND 5),
    stage_name     text NOT NULL,
    warning_level  smallint CHECK (warning_level BETWEEN 1 AND 5),   -- 警戒レベル implied, NULL = none
    value          double precision,
    since          timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (station_id, measure)
);

CREATE TABLE sensors.alert_history (
    id             bigserial PRIMARY KEY,
    station_id     text NOT NULL REFERENCES sensors.stations (id) ON DELETE CASCADE,
    measure        text NOT NULL,
    from_stage     smallint NOT NULL,
    to_stage       smallint NOT NULL,
    stage_name     text NOT NULL,
    warning_level  smallint,
    value          double precision,
    changed_at     timestamptz NOT NULL
);
CREATE INDEX alert_history_station_idx ON sensors.alert_history (station_id, changed_at);

CREATE TABLE sensors.dead_letters (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL,
    payload      text NOT NULL,          -- truncated (IngestOptions.DeadLetterPayloadLimit characters)
    reason       text NOT NULL,          -- unparseable, unknown_station, wrong_unit, impossible_value, future_time, …
    detail       text,
    received_at  timestamptz NOT NULL
);
CREATE INDEX dead_letters_received_idx ON sensors.dead_letters (received_at);

-- The published layer "stations" (OGC API Features + vector tiles): stations with latest value and worst alert.
CREATE VIEW sensors.station_features AS
SELECT s.id, s.kind, s.name_ja, s.name_en, s.district, s.river, s.reach, s.interval_s,
       l.value AS latest_value, l.observed_at AS observed_at,
       coalesce(a.stage, 0) AS stage, a.stage_name, a.warning_level,
       coalesce(o.stage, 0) = 1 AS offline,
       greatest(s.updated_at, l.received_at) AS updated_at,
       s.geom
FROM sensors.stations s
LEFT JOIN sensors.latest l ON l.station_id = s.id
LEFT JOIN LATERAL (
    SELECT st.stage, st.stage_name, st.warning_level FROM sensors.alert_states st
    WHERE st.station_id = s.id AND st.measure <> 'offline' ORDER BY st.stage DESC LIMIT 1) a ON true
LEFT JOIN sensors.alert_states o ON o.station_id = s.id AND o.measure = 'offline'
WHERE s.active;

-- Layer version bumps (tile cache invalidation) on station and alert changes; not on every reading,
-- which would invalidate the tiles many times a second during a storm.
CREATE TRIGGER stations_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sensors.stations
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('stations');
CREATE TRIGGER alert_states_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sensors.alert_states
    FOR EACH STATEMENT EXECUTE FUNCTION gis.bump_layer_version('stations');
