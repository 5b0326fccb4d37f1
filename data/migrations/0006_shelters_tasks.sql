-- Evacuation centres (避難所 operations) and tasking (instructions and requests between HQ, district HQs, centres and
-- field teams). Every write to these tables is audited in ops.audit_log in the same transaction (see 0003).

-- The operating state of an evacuation centre. A centre is a gis.facilities row of kind 'shelter' (指定避難所); the
-- shelter id used everywhere (tokens, live scopes, URLs) is that facility id. No row = closed, never opened.
CREATE TABLE ops.shelter_status (
    facility_id  bigint PRIMARY KEY REFERENCES gis.facilities (id) ON DELETE CASCADE,
    open         boolean NOT NULL DEFAULT false,
    opened_at    timestamptz,
    closed_at    timestamptz,
    capacity     integer CHECK (capacity IS NULL OR capacity >= 0),   -- NULL = the facility's capacity
    headcount    integer NOT NULL DEFAULT 0 CHECK (headcount >= 0),
    households   integer NOT NULL DEFAULT 0 CHECK (households >= 0),
    wheelchair   integer NOT NULL DEFAULT 0 CHECK (wheelchair >= 0),
    infants      integer NOT NULL DEFAULT 0 CHECK (infants >= 0),
    pets         integer NOT NULL DEFAULT 0 CHECK (pets >= 0),
    medical      integer NOT NULL DEFAULT 0 CHECK (medical >= 0),
    supplies     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(supplies) = 'array'),  -- [{item, quantity, unit}] needed
    updated_at   timestamptz NOT NULL,
    updated_by   text NOT NULL
);

-- Every change of a centre's state (open, close, counts), one row each: the centre's curve over time. The audit log
-- records who did it too; this table is the queryable history (GET /api/shelters/{id}/history).
CREATE TABLE ops.shelter_status_history (
    id           bigserial PRIMARY KEY,
    facility_id  bigint NOT NULL REFERENCES gis.facilities (id) ON DELETE CASCADE,
    action       text NOT NULL CHECK (action IN ('open', 'close', 'update')),
    at           timestamptz NOT NULL,
    by           text NOT NULL,
    open         boolean NOT NULL,
    capacity     integer,
    headcount    integer NOT NULL,
    households   integer NOT NULL,
    needs        jsonb NOT NULL,
    supplies     jsonb NOT NULL
);
CREATE INDEX shelter_status_history_facility_idx ON ops.shelter_status_history (facility_id, at);

-- Instructions (HQ → district / centre / field; district → its centres / field) and requests (centre → its district,
-- district → HQ; a district forwards a centre's request to HQ). A unit is (kind, id): ('hq', 'hq'),
-- ('district', 'shiba'), ('shelter', '<facility id>'), ('field', '<district id>': the field teams of a district).
-- district / shelter: the district and centre the task concerns (routing of the live change and who may see it).
CREATE TABLE ops.tasks (
    id               bigserial PRIMARY KEY,
    type             text NOT NULL CHECK (type IN ('instruction', 'request')),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body             text NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    priority         text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    due_at           timestamptz,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'in-progress', 'done', 'cancelled')),
    from_kind        text NOT NULL CHECK (from_kind IN ('hq', 'district', 'shelter', 'field')),
    from_id          text NOT NULL,
    from_by          text NOT NULL,
    to_kind          text NOT NULL CHECK (to_kind IN ('hq', 'district', 'shelter', 'field')),
    to_id            text NOT NULL,
    district         text,
    shelter          text,
    forwarded_from   text,            -- the district that forwarded a centre's request to HQ
    forwarded_by     text,
    forwarded_at     timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    escalated_at     timestamptz,     -- set once, by the escalation service, when the due time passed unfinished
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX tasks_district_idx ON ops.tasks (district);
CREATE INDEX tasks_shelter_idx ON ops.tasks (shelter);
CREATE INDEX tasks_to_idx ON ops.tasks (to_kind, to_id);
-- The escalation sweep: unfinished, not yet escalated, with a due time.
CREATE INDEX tasks_due_idx ON ops.tasks (due_at) WHERE escalated_at IS NULL AND status NOT IN ('done', 'cancelled');

CREATE TABLE ops.task_messages (
    id       bigserial PRIMARY KEY,
    task_id  bigint NOT NULL REFERENCES ops.tasks (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL,
    by       text NOT NULL,
    text     text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000)
);
CREATE INDEX task_messages_task_idx ON ops.task_messages (task_id, id);
