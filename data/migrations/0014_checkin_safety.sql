-- Shelter check-in and 安否 (safety) inquiries. Personal data: names, kana, addresses of evacuees and their
-- household members. Nothing here is ever read by a public endpoint except the holder of a registration's token
-- (which is stored only as its SHA-256). Every write and every read of a roster is audited in ops.audit_log.

-- One registration = one household (the registrant plus its members). A household registers itself on the public
-- page (registered_by = 'public') or is typed in by a centre's staff (a walk-in, registered_by = the staff subject).
CREATE TABLE ops.evacuees (
    id             bigserial PRIMARY KEY,
    token_hash     bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kana           text NOT NULL CHECK (length(kana) BETWEEN 1 AND 100),
    address        text CHECK (address IS NULL OR length(address) BETWEEN 1 AND 200),
    members        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(members) = 'array'),   -- [{name, kana}]
    household_size integer NOT NULL CHECK (household_size BETWEEN 1 AND 20),             -- registrant + members
    wheelchair     integer NOT NULL DEFAULT 0 CHECK (wheelchair BETWEEN 0 AND 20),
    infants        integer NOT NULL DEFAULT 0 CHECK (infants BETWEEN 0 AND 20),
    pets           integer NOT NULL DEFAULT 0 CHECK (pets BETWEEN 0 AND 20),
    medical        integer NOT NULL DEFAULT 0 CHECK (medical BETWEEN 0 AND 20),
    language       text CHECK (language IS NULL OR length(language) BETWEEN 1 AND 40),   -- interpreter needed: which
    consent        boolean NOT NULL,            -- may the centre and status be disclosed to 安否 inquiries
    -- Normalised names and kana of everyone in the household (NFKC, no spaces, kana as hiragana) and the address:
    -- what a 安否 search compares with; written by the application from the fields above.
    search_keys    text[] NOT NULL,
    search_address text,
    walk_in        boolean NOT NULL DEFAULT false,
    registered_at  timestamptz NOT NULL,
    registered_by  text NOT NULL
);
CREATE INDEX evacuees_search_keys_idx ON ops.evacuees USING gin (search_keys) WHERE consent;

-- Each stay of a household at a centre. A household has at most one open stay (checked_out_at IS NULL): checking in
-- at another centre closes the first one (out_reason 'moved'), so nobody is counted twice; closing a centre checks out
-- everyone still there (out_reason 'closed').
CREATE TABLE ops.checkins (
    id              bigserial PRIMARY KEY,
    evacuee_id      bigint NOT NULL REFERENCES ops.evacuees (id) ON DELETE CASCADE,
    facility_id     bigint NOT NULL REFERENCES gis.facilities (id) ON DELETE CASCADE,
    checked_in_at   timestamptz NOT NULL,
    checked_in_by   text NOT NULL,
    checked_out_at  timestamptz,
    checked_out_by  text,
    out_reason      text CHECK (out_reason IN ('check-out', 'moved', 'closed')),   -- 'closed': the centre closed
    CHECK ((checked_out_at IS NULL) = (out_reason IS NULL))
);
CREATE UNIQUE INDEX checkins_one_open_idx ON ops.checkins (evacuee_id) WHERE checked_out_at IS NULL;
CREATE INDEX checkins_facility_open_idx ON ops.checkins (facility_id) WHERE checked_out_at IS NULL;
CREATE INDEX checkins_evacuee_idx ON ops.checkins (evacuee_id, id);

-- Where a centre's counts come from: typed by its staff ('manual', PUT /api/shelters/{id}/status) or derived from
-- the check-ins ('check-in'). Centres without the tablet keep reporting by hand; the flag says which is which.
ALTER TABLE ops.shelter_status
    ADD COLUMN counts_source text NOT NULL DEFAULT 'manual' CHECK (counts_source IN ('manual', 'check-in'));
