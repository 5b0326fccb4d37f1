-- Staff call-up (職員参集, issue 14): the staff directory, the 配備体制 rules that propose a call-up, call-ups with their
-- recipients, per-person answer links and e-mails. Every write is audited in ops.audit_log in the same transaction.
--
-- ops.staff               the staff directory. PERSONAL DATA (name, e-mail, phone): hq only, every read audited
--                         (staff.read), never public, never in a live scope other than hq.
-- ops.callup_rules        配備体制 rules as data: a trigger (a JMA product / kind code, or an earthquake intensity
--                         threshold) → a level and the groups called up; edited by hq, every edit a new version.
-- ops.callup_rule_versions every version of every rule as it was (the rule's history).
-- ops.callups             one row per call-up: proposed (waiting for hq), active (mails out, answers coming in),
--                         ended or dismissed.
-- ops.callup_recipients   who a call-up calls (staff id, with the district and groups as they were) and their answer.
-- ops.callup_links        the answer links: only the SHA-256 of each token, single-purpose (one recipient of one
--                         call-up), with an expiry. A reminder mails a new link; the first stays valid.
-- ops.callup_mails        one row per e-mail (call-up or reminder) to one recipient: pending → sent / failed / skipped.

CREATE TABLE ops.staff (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email       text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    phone       text CHECK (phone IS NULL OR length(phone) <= 30),
    district    text NOT NULL CHECK (district IN ('hq', 'shiba', 'azabu', 'akasaka', 'takanawa', 'shibaura-konan')),
    groups      text[] NOT NULL DEFAULT '{}',                 -- 配備 groups (A, B, …)
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_email_idx ON ops.staff (lower(email));

CREATE TABLE ops.callup_rules (
    id             bigserial PRIMARY KEY,
    version        int NOT NULL DEFAULT 1,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    trigger_kind   text NOT NULL CHECK (trigger_kind IN ('jma', 'intensity')),
    trigger_code   text,             -- jma: the product or kind code (e.g. 03 = 大雨警報); intensity: NULL
    min_intensity  text CHECK (min_intensity IN ('1', '2', '3', '4', '5-', '5+', '6-', '6+', '7')),
    level          text NOT NULL CHECK (level IN ('info', 'first', 'second', 'third')),
    groups         text[] NOT NULL DEFAULT '{}',              -- empty = everyone
    immediate      boolean NOT NULL DEFAULT false,            -- call up at once (no hq confirmation)
    active         boolean NOT NULL DEFAULT true,
    updated_at     timestamptz NOT NULL,
    updated_by     text NOT NULL,
    CHECK ((trigger_kind = 'jma' AND trigger_code IS NOT NULL AND min_intensity IS NULL)
        OR (trigger_kind = 'intensity' AND min_intensity IS NOT NULL AND trigger_code IS NULL))
);

CREATE TABLE ops.callup_rule_versions (
    rule_id     bigint NOT NULL REFERENCES ops.callup_rules (id),
    version     int NOT NULL,
    rule        jsonb NOT NULL,
    changed_at  timestamptz NOT NULL,
    changed_by  text NOT NULL,
    PRIMARY KEY (rule_id, version)
);

-- The ward's starting rules (the issue's examples); hq edits them. JMA kind codes: 03 大雨警報 (気象警報・注意報).
INSERT INTO ops.callup_rules (name, trigger_kind, trigger_code, min_intensity, level, groups, immediate, updated_at, updated_by)
VALUES ('大雨警報 → 第1非常配備 (A班)', 'jma', '03', NULL, 'first', '{A}', false, now(), 'migration'),
       ('震度5弱 → 第2非常配備 (全職員)', 'intensity', NULL, '5-', 'second', '{}', true, now(), 'migration'),
       ('震度6弱 → 第3非常配備 (全職員)', 'intensity', NULL, '6-', 'third', '{}', true, now(), 'migration');
INSERT INTO ops.callup_rule_versions (rule_id, version, rule, changed_at, changed_by)
SELECT id, 1, jsonb_build_object('name', name, 'triggerKind', trigger_kind, 'triggerCode', trigger_code, 'minIntensity', min_intensity,
    'level', level, 'groups', groups, 'immediate', immediate, 'active', active), updated_at, updated_by
FROM ops.callup_rules;

CREATE TABLE ops.callups (
    id            bigserial PRIMARY KEY,
    state         text NOT NULL CHECK (state IN ('proposed', 'active', 'ended', 'dismissed')),
    level         text NOT NULL CHECK (level IN ('info', 'first', 'second', 'third')),
    groups        text[] NOT NULL DEFAULT '{}',               -- empty = everyone
    reason        text NOT NULL,                              -- 大雨警報 (気象庁) / by hand …
    rule_id       bigint REFERENCES ops.callup_rules (id),
    rule_version  int,
    trigger       jsonb,
    base_url      text,                                       -- where the answer links point (set when it starts)
    board_version bigint NOT NULL DEFAULT 1,                  -- orders the live board's changes
    created_at    timestamptz NOT NULL,
    created_by    text NOT NULL,
    started_at    timestamptz,
    started_by    text,
    ended_at      timestamptz,
    ended_by      text,
    links_expire  timestamptz,
    reminded_at   timestamptz
);
CREATE INDEX callups_open_idx ON ops.callups (state) WHERE state IN ('proposed', 'active');

CREATE TABLE ops.callup_recipients (
    id           bigserial PRIMARY KEY,
    callup_id    bigint NOT NULL REFERENCES ops.callups (id),
    staff_id     bigint REFERENCES ops.staff (id) ON DELETE SET NULL,   -- the address is never copied here
    district     text NOT NULL,
    groups       text[] NOT NULL,
    answer       text CHECK (answer IN ('available', 'unavailable')),
    minutes      int CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
    answered_at  timestamptz,
    answers      int NOT NULL DEFAULT 0,                      -- how many times the answer was given (changed)
    UNIQUE (callup_id, staff_id)
);

CREATE TABLE ops.callup_links (
    token_hash    bytea PRIMARY KEY,
    recipient_id  bigint NOT NULL REFERENCES ops.callup_recipients (id),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);

CREATE TABLE ops.callup_mails (
    id            bigserial PRIMARY KEY,
    recipient_id  bigint NOT NULL REFERENCES ops.callup_recipients (id),
    kind          text NOT NULL CHECK (kind IN ('callup', 'reminder')),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts      int NOT NULL DEFAULT 0,
    error         text,
    created_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    UNIQUE (recipient_id, kind)
);
CREATE INDEX callup_mails_pending_idx ON ops.callup_mails (recipient_id) WHERE status = 'pending';
