-- Resident alerts by 町丁目: area_kind 'chome' names KEY_CODEs of gis.chome; the area (geom) is their union.
ALTER TABLE ops.public_alerts DROP CONSTRAINT public_alerts_area_kind_check;
ALTER TABLE ops.public_alerts ADD CONSTRAINT public_alerts_area_kind_check CHECK (area_kind IN ('districts', 'polygon', 'chome'));
ALTER TABLE ops.public_alerts ADD COLUMN chome text[] NOT NULL DEFAULT '{}';  -- KEY_CODEs (area_kind chome)

-- Decision board rules (警戒レベル per 町丁目 from JMA products and gauge stages): each edit by HQ is a new version;
-- the highest version is in force; no row = the built-in table (version 0, Minato.Disaster/Decisions/DecisionRules).
CREATE TABLE ops.decision_rule_sets (
    version     integer PRIMARY KEY CHECK (version >= 1),
    rules       jsonb NOT NULL,
    note        text,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL
);
