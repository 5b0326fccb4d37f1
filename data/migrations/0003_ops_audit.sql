-- Operations schema (reports, shelters, tasks, public alerts, subscribers: later migrations) and the audit log.
--
-- ops.audit_log is an append-only hash chain: every write and every read of personal data appends one row. The chain is
-- computed here, by a trigger, so every writer is chained the same way:
--   seq       = head.seq + 1 (gap-free: appenders lock the single head row until they commit)
--   prev_hash = head.hash (32 zero bytes for the first row)
--   hash      = SHA-256(prev_hash || canonical text of the row), see ops.audit_hash
-- UPDATE, DELETE and TRUNCATE are refused by triggers. `minato audit verify` recomputes the chain.
CREATE SCHEMA IF NOT EXISTS ops;

CREATE TABLE ops.audit_log (
    seq        bigint PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL,                 -- token subject, or 'system'
    role       text NOT NULL,                 -- hq, district, shelter, field, system
    action     text NOT NULL,                 -- e.g. report.create, report.status, ledger.read
    entity     text NOT NULL,                 -- e.g. report, shelter, task, public-alert, ledger
    entity_id  text,
    details    jsonb NOT NULL DEFAULT '{}',   -- ids and changed fields; never secrets
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL
);
CREATE INDEX audit_log_entity_idx ON ops.audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON ops.audit_log (at);

CREATE TABLE ops.audit_head (
    id    boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq   bigint NOT NULL,
    hash  bytea NOT NULL
);

CREATE FUNCTION ops.audit_genesis() RETURNS bytea LANGUAGE sql IMMUTABLE AS $$ SELECT decode(repeat('00', 32), 'hex') $$;

INSERT INTO ops.audit_head (id, seq, hash) VALUES (true, 0, ops.audit_genesis());

-- The canonical content of a row: fields joined by U+001F, times in UTC with microseconds, details as jsonb text
-- (jsonb normalises key order and spacing, so the text is stable).
CREATE FUNCTION ops.audit_hash(prev bytea, seq bigint, at timestamptz, actor text, role text, action text, entity text, entity_id text, details jsonb)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(prev || convert_to(concat_ws(chr(31),
        seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, role, action, entity,
        coalesce(entity_id, ''), details::text), 'UTF8'))
$$;

CREATE FUNCTION ops.audit_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head ops.audit_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM ops.audit_head WHERE id FOR UPDATE;
    NEW.seq := head.seq + 1;
    NEW.at := date_trunc('microseconds', coalesce(NEW.at, now()));
    NEW.prev_hash := head.hash;
    NEW.hash := ops.audit_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor, NEW.role, NEW.action, NEW.entity, NEW.entity_id, NEW.details);
    UPDATE ops.audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON ops.audit_log FOR EACH ROW EXECUTE FUNCTION ops.audit_chain();

CREATE FUNCTION ops.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ops.audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ops.audit_log FOR EACH ROW EXECUTE FUNCTION ops.audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ops.audit_log FOR EACH STATEMENT EXECUTE FUNCTION ops.audit_append_only();
