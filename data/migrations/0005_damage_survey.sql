-- Building damage survey (住家被害認定調査) → damage certificate (罹災証明書) → victim ledger (被災者台帳),
-- 災害対策基本法 §90-2 (certificate) and §90-3 (ledger).
--
-- PERSONAL DATA. These tables are read only through the operations API: role hq (field staff see the surveys they
-- recorded themselves), every read appends to ops.audit_log. No layer of the catalog, no OGC collection, no tile layer
-- and no public endpoint reads them (a test scans the public catalog for them).
--
-- The damage grade is DERIVED from the damage ratio by the Cabinet Office bands (災害に係る住家の被害認定基準運用指針):
--   全壊 ≥ 50 %, 大規模半壊 40 – <50, 中規模半壊 30 – <40, 半壊 20 – <30, 準半壊 10 – <20, 一部損壊 < 10.
-- It is a generated column, so no writer can store a grade that disagrees with its ratio. Minato.Disaster's
-- DamageGrades.Classify applies the same bands (a test compares the two at every edge).
CREATE FUNCTION ops.damage_grade(ratio numeric) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN ratio >= 50 THEN 'total'
        WHEN ratio >= 40 THEN 'large-scale-half'
        WHEN ratio >= 30 THEN 'medium-scale-half'
        WHEN ratio >= 20 THEN 'half'
        WHEN ratio >= 10 THEN 'semi-half'
        ELSE 'partial'
    END
$$;

-- A surveyed building. The address is as written on the survey form; the point is inside the ward (checked by the API).
CREATE TABLE ops.buildings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address     text NOT NULL CHECK (btrim(address) <> '' AND length(address) <= 200),
    structure   text NOT NULL CHECK (structure IN ('wooden', 'non-wooden')),          -- 木造 / 非木造
    floors      smallint NOT NULL CHECK (floors BETWEEN 1 AND 100),
    use         text NOT NULL CHECK (use IN ('dwelling', 'mixed', 'non-dwelling')),   -- 住家 / 併用住宅 / 非住家
    district    text,                                                                -- gis.districts.id at the point, if any
    geom        geometry(Point, 6668) NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);
CREATE INDEX buildings_geom_idx ON ops.buildings USING gist (geom);

-- One survey of a building. Round 1 = 第1次調査 (exterior), round 2 = 第2次調査 (interior, at the resident's request);
-- the building's effective survey (the one a certificate is issued from) is the latest of its highest round.
CREATE TABLE ops.damage_surveys (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    building_id      bigint NOT NULL REFERENCES ops.buildings (id),
    round            smallint NOT NULL CHECK (round IN (1, 2)),
    damage_ratio     numeric(5, 2) NOT NULL CHECK (damage_ratio BETWEEN 0 AND 100),  -- 損害割合, %
    grade            text GENERATED ALWAYS AS (ops.damage_grade(damage_ratio)) STORED,
    components       jsonb,                        -- optional breakdown [{component, weight, damage}] (percent)
    surveyed_at      timestamptz NOT NULL,
    surveyed_by      text NOT NULL,                -- token subject of the recorder
    recorded_at      timestamptz NOT NULL,
    note             text CHECK (length(note) <= 2000),
    idempotency_key  text,                         -- Idempotency-Key of the request: a retry from a phone never stores twice
    request_hash     bytea,
    CONSTRAINT damage_surveys_idempotency UNIQUE (surveyed_by, idempotency_key)
);
CREATE INDEX damage_surveys_building_idx ON ops.damage_surveys (building_id, round DESC, surveyed_at DESC, id DESC);

-- 被災者台帳: the household, its contact and needs.
CREATE TABLE ops.households (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    head_name       text NOT NULL CHECK (btrim(head_name) <> '' AND length(head_name) <= 100),
    head_name_kana  text CHECK (length(head_name_kana) <= 100),
    members         smallint NOT NULL CHECK (members BETWEEN 1 AND 99),
    address         text NOT NULL CHECK (btrim(address) <> '' AND length(address) <= 200),
    contact         text CHECK (length(contact) <= 200),
    special_needs   text CHECK (length(special_needs) <= 2000),
    note            text CHECK (length(note) <= 2000),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL,
    created_by      text NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_by      text NOT NULL
);

CREATE TABLE ops.household_buildings (
    household_id  bigint NOT NULL REFERENCES ops.households (id),
    building_id   bigint NOT NULL REFERENCES ops.buildings (id),
    linked_at     timestamptz NOT NULL,
    linked_by     text NOT NULL,
    PRIMARY KEY (household_id, building_id)
);
CREATE INDEX household_buildings_building_idx ON ops.household_buildings (building_id);

-- Certificate numbers: 港区-R8-000123, gap-free per era year. The counter row is incremented in the issuing
-- transaction, so concurrent issues serialise on it and a rolled-back issue leaves no gap.
CREATE TABLE ops.certificate_counters (
    era_year  text PRIMARY KEY,          -- e.g. R8 (令和8年)
    last_seq  integer NOT NULL CHECK (last_seq >= 1)
);

-- 罹災証明書. Issued from the building's effective survey; the applicant, head, address and grade are copied at issue
-- (an issued document does not change when the ledger does). A re-survey or a correction issues a new version with a
-- new number; the previous one is marked superseded (history kept, never deleted).
CREATE TABLE ops.certificates (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number            text NOT NULL UNIQUE,
    era_year          text NOT NULL,
    seq               integer NOT NULL CHECK (seq >= 1),
    household_id      bigint NOT NULL REFERENCES ops.households (id),
    building_id       bigint NOT NULL REFERENCES ops.buildings (id),
    survey_id         bigint NOT NULL REFERENCES ops.damage_surveys (id),
    survey_round      smallint NOT NULL,
    damage_ratio      numeric(5, 2) NOT NULL,
    grade             text NOT NULL,
    version           integer NOT NULL CHECK (version >= 1),
    supersedes_id     bigint REFERENCES ops.certificates (id),
    superseded_by_id  bigint REFERENCES ops.certificates (id),
    superseded_at     timestamptz,
    applicant_name    text NOT NULL,
    household_head    text NOT NULL,
    address           text NOT NULL,
    disaster_name     text NOT NULL,
    reason            text,
    issued_on         date NOT NULL,           -- the issue date in Asia/Tokyo
    issued_at         timestamptz NOT NULL,
    issued_by         text NOT NULL,
    UNIQUE (era_year, seq),
    CHECK (grade = ops.damage_grade(damage_ratio))
);
-- At most one current certificate per household and building.
CREATE UNIQUE INDEX certificates_current_idx ON ops.certificates (household_id, building_id) WHERE superseded_at IS NULL;
CREATE INDEX certificates_building_idx ON ops.certificates (building_id);

-- Support given to a household: 被災者生活再建支援金, 義援金, 応急修理, 応急仮設住宅, other.
CREATE TABLE ops.support_records (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_id  bigint NOT NULL REFERENCES ops.households (id),
    kind          text NOT NULL CHECK (kind IN ('reconstruction-grant', 'donation', 'emergency-repair', 'temporary-housing', 'other')),
    amount_yen    bigint CHECK (amount_yen >= 0),
    given_on      date NOT NULL,
    note          text CHECK (length(note) <= 2000),
    recorded_at   timestamptz NOT NULL,
    recorded_by   text NOT NULL
);
CREATE INDEX support_records_household_idx ON ops.support_records (household_id);
