-- Field damage reports (issue 6): reports, their status history, photos, the roads a road-blocked report closes,
-- and the idempotency store that makes a retried POST return its first result.
-- Geometry in EPSG:6668 (lon, lat); distances are measured in EPSG:6677 by the application's SQL.

-- Idempotency: one row per (scope, actor, key). The row is inserted in the same transaction as the write it guards, so
-- a concurrent retry waits on the unique index until the first attempt commits (then replays it) or rolls back (then
-- proceeds itself). A failed attempt rolls back and leaves no row: the key stays free for a corrected retry.
CREATE TABLE ops.idempotency (
    scope         text NOT NULL,               -- the operation, e.g. 'report.create'
    actor         text NOT NULL,               -- token subject: keys of different people never collide
    key           text NOT NULL CHECK (length(key) BETWEEN 8 AND 128),
    request_hash  bytea NOT NULL,              -- SHA-256 of the request's content (same key + other content = 422)
    status_code   integer,                     -- the stored response; NULL only inside the claiming transaction
    location      text,
    response      text,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, actor, key)
);
CREATE INDEX idempotency_expires_idx ON ops.idempotency (expires_at);

CREATE TABLE ops.reports (
    id           bigserial PRIMARY KEY,
    category     text NOT NULL CHECK (category IN
                     ('building-damage', 'fire', 'road-blocked', 'flooding', 'landslide', 'injured', 'other')),
    severity     smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
    status       text NOT NULL DEFAULT 'reported' CHECK (status IN
                     ('reported', 'confirmed', 'assigned', 'in-progress', 'resolved', 'rejected')),
    district     text,                           -- gis.districts.id containing the geometry (no FK: districts are re-importable)
    note         text CHECK (note IS NULL OR length(note) <= 4000),
    assignee     text,
    observed_at  timestamptz NOT NULL,
    reported_at  timestamptz NOT NULL,
    reported_by  text NOT NULL,                  -- token subject of the reporter: staff only, never public
    reporter_role text NOT NULL,
    updated_at   timestamptz NOT NULL,
    geom         geometry(Geometry, 6668) NOT NULL
                     CHECK (GeometryType(geom) IN ('POINT', 'LINESTRING') AND ST_IsValid(geom))
);
CREATE INDEX reports_geom_idx ON ops.reports USING gist (geom);
CREATE INDEX reports_status_idx ON ops.reports (status);
CREATE INDEX reports_district_idx ON ops.reports (district);
CREATE INDEX reports_reported_by_idx ON ops.reports (reported_by);

-- Who moved a report to which status, when (the first row is the creation: status 'reported').
CREATE TABLE ops.report_history (
    report_id  bigint NOT NULL REFERENCES ops.reports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    status     text NOT NULL,
    at         timestamptz NOT NULL,
    by         text NOT NULL,
    role       text NOT NULL,
    note       text CHECK (note IS NULL OR length(note) <= 4000),
    assignee   text,
    PRIMARY KEY (report_id, seq)
);

-- Photos as served: re-encoded from the upload, so no EXIF/XMP (GPS) survives; the original is not kept.
CREATE TABLE ops.photos (
    id            bigserial PRIMARY KEY,
    report_id     bigint NOT NULL REFERENCES ops.reports (id) ON DELETE CASCADE,
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    bytes         bytea NOT NULL,
    sha256        bytea NOT NULL,               -- of the upload (before re-encoding)
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   text NOT NULL
);
CREATE INDEX photos_report_idx ON ops.photos (report_id);

-- The road segments a road-blocked report closed (gis.roads.blocked is true while any open report links them).
CREATE TABLE ops.report_roads (
    report_id  bigint NOT NULL REFERENCES ops.reports (id) ON DELETE CASCADE,
    road_id    bigint NOT NULL REFERENCES gis.roads (id) ON DELETE CASCADE,
    PRIMARY KEY (report_id, road_id)
);
CREATE INDEX report_roads_road_idx ON ops.report_roads (road_id);
