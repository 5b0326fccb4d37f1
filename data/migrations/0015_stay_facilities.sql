-- Temporary-stay facilities (一時滞在施設) for stranded commuters (帰宅困難者): facility kind stay_facility, their live
-- status (ops.stay_facility_status) and the 全国共通避難所・避難場所ID column. The three gis.facilities statements are
-- shared word for word with another migration of the same release: both are idempotent.
ALTER TABLE gis.facilities DROP CONSTRAINT IF EXISTS facilities_kind_check;
ALTER TABLE gis.facilities ADD CONSTRAINT facilities_kind_check CHECK (kind IN ('evacuation_site', 'shelter', 'aed', 'loudspeaker', 'water_point', 'stay_facility'));
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS common_id text;

-- The live state of a stay facility, written by its staff (role facility) or HQ. No personal data: counts and supplies.
-- status: accepting 受入可 / suspended 受入停止 / full 満員 / not_opened 未開設 (no row = not opened).
CREATE TABLE IF NOT EXISTS ops.stay_facility_status (
    facility_id  bigint PRIMARY KEY REFERENCES gis.facilities (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'not_opened' CHECK (status IN ('accepting', 'suspended', 'full', 'not_opened')),
    capacity     integer CHECK (capacity IS NULL OR capacity >= 0),   -- NULL = the facility's capacity
    accepted     integer NOT NULL DEFAULT 0 CHECK (accepted >= 0),
    water        boolean NOT NULL DEFAULT false,
    food         boolean NOT NULL DEFAULT false,
    blankets     boolean NOT NULL DEFAULT false,
    toilets      boolean NOT NULL DEFAULT false,
    power        boolean NOT NULL DEFAULT false,
    wifi         boolean NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL,
    updated_by   text NOT NULL
);
