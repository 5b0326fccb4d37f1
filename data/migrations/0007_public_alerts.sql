-- Resident alerts (issue 6): public alerts published as CAP 1.2, e-mail subscribers and per-recipient deliveries.
--
-- ops.public_alerts          one row per alert (the thing an operator issues, updates and cancels): its current state.
-- ops.public_alert_messages  one row per published CAP message (msgType Alert, Update or Cancel), with the XML exactly
--                            as published: a CAP document never changes after it is sent, whatever master data does later.
-- ops.subscribers            e-mail subscribers (PERSONAL DATA: hq only, every read audited as subscriber.read).
-- ops.alert_deliveries       one row per (message, subscriber) chosen at publish time, in the publishing transaction;
--                            the mail dispatcher sends them after commit and records sent / failed / skipped.

CREATE TABLE ops.public_alerts (
    id             bigserial PRIMARY KEY,
    version        int NOT NULL DEFAULT 1,                 -- number of messages published for this alert
    state          text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'cancelled')),
    cap_status     text NOT NULL CHECK (cap_status IN ('Actual', 'Exercise', 'Test')),
    level          smallint NOT NULL CHECK (level BETWEEN 1 AND 5),   -- 警戒レベル
    evacuation     text CHECK (evacuation IN ('elderly-evacuate', 'evacuate', 'emergency-safety')),
    area_kind      text NOT NULL CHECK (area_kind IN ('districts', 'polygon')),
    districts      text[] NOT NULL DEFAULT '{}',            -- the districts named (area_kind districts) or touched (polygon)
    area_polygon   jsonb,                                   -- the GeoJSON polygon as given (area_kind polygon)
    geom           geometry(MultiPolygon, 6668) NOT NULL CHECK (ST_IsValid(geom)),   -- the full-resolution area
    headline       jsonb NOT NULL,                          -- {"ja": …, "en": …, "zh"?, "ko"?, "ja-easy"?}
    description    jsonb NOT NULL,
    instruction    jsonb,
    expires        timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    cancelled_at   timestamptz
);
CREATE INDEX public_alerts_geom_idx ON ops.public_alerts USING gist (geom);
CREATE INDEX public_alerts_active_idx ON ops.public_alerts (state, expires);

CREATE TABLE ops.public_alert_messages (
    id           bigserial PRIMARY KEY,
    alert_id     bigint NOT NULL REFERENCES ops.public_alerts (id),
    version      int NOT NULL,
    identifier   text NOT NULL UNIQUE,                      -- CAP identifier
    msg_type     text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
    sent         timestamptz NOT NULL,                      -- whole seconds (CAP has no fractions)
    cap_xml      text NOT NULL,
    alert_json   jsonb NOT NULL,                            -- the public alert JSON as of this message
    UNIQUE (alert_id, version)
);

CREATE TABLE ops.subscribers (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL,
    language    text NOT NULL CHECK (language IN ('ja', 'en', 'zh', 'ko', 'ja-easy')),
    area_kind   text NOT NULL CHECK (area_kind IN ('districts', 'point', 'polygon')),
    districts   text[] NOT NULL DEFAULT '{}',
    geom        geometry(Geometry, 6668) NOT NULL CHECK (ST_IsValid(geom)),
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
CREATE UNIQUE INDEX subscribers_email_idx ON ops.subscribers (lower(email));
CREATE INDEX subscribers_geom_idx ON ops.subscribers USING gist (geom);

CREATE TABLE ops.alert_deliveries (
    id             bigserial PRIMARY KEY,
    message_id     bigint NOT NULL REFERENCES ops.public_alert_messages (id),
    subscriber_id  bigint REFERENCES ops.subscribers (id) ON DELETE SET NULL,   -- the address is never copied here
    language       text NOT NULL,                                              -- the language the mail was written in
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts       int NOT NULL DEFAULT 0,
    error          text,
    created_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    UNIQUE (message_id, subscriber_id)
);
CREATE INDEX alert_deliveries_pending_idx ON ops.alert_deliveries (message_id) WHERE status = 'pending';

-- Public self-registration (double opt-in): a request waits here until the link mailed to the address is opened; only
-- then does it become a subscriber. Only the SHA-256 of the token is stored. Unconfirmed requests never receive alerts.
CREATE TABLE ops.subscription_requests (
    id          bigserial PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    email       text NOT NULL,
    language    text NOT NULL CHECK (language IN ('ja', 'en', 'zh', 'ko', 'ja-easy')),
    area_kind   text NOT NULL CHECK (area_kind IN ('districts', 'point', 'polygon')),
    districts   text[] NOT NULL DEFAULT '{}',
    geom        geometry(Geometry, 6668) NOT NULL CHECK (ST_IsValid(geom)),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
