-- Minato's real open data (issue 13): 給水拠点 as a facility kind, the GSI 共通ID facility part that joins a
-- 指定避難所 to the 指定緊急避難場所 of the same facility, and the accessibility columns of 東京都防災マップ.
-- The three statements below are shared word for word with another migration of the same issue (idempotent).
ALTER TABLE gis.facilities DROP CONSTRAINT IF EXISTS facilities_kind_check;
ALTER TABLE gis.facilities ADD CONSTRAINT facilities_kind_check CHECK (kind IN ('evacuation_site', 'shelter', 'aed', 'loudspeaker', 'water_point', 'stay_facility'));
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS common_id text;

CREATE INDEX IF NOT EXISTS facilities_common_id_idx ON gis.facilities (common_id) WHERE common_id IS NOT NULL;

-- 東京都防災マップ 避難所・避難場所 accessibility (null = no 防災マップ record matched this facility).
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS elevator_or_ground_floor boolean;  -- エレベーター有/避難スペースが１階
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS slope boolean;                     -- スロープ等
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS tactile_paving boolean;            -- 点字ブロック
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS accessible_toilet boolean;         -- 車椅子使用者対応トイレ
ALTER TABLE gis.facilities ADD COLUMN IF NOT EXISTS accessibility_note text;           -- その他（具体的に）
