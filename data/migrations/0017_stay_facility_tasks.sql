-- Opening and closing temporary-stay facilities (一時滞在施設) as tasks: a facility is a task addressee (its staff, role
-- facility with its facility claim, receive HQ's instructions), and an "open"/"close" task carries the status change its
-- completion makes (applied once, in the transaction that marks the task done).
ALTER TABLE ops.tasks DROP CONSTRAINT IF EXISTS tasks_to_kind_check;
ALTER TABLE ops.tasks ADD CONSTRAINT tasks_to_kind_check CHECK (to_kind IN ('hq', 'district', 'shelter', 'field', 'facility'));

CREATE TABLE ops.stay_facility_tasks (
    task_id     bigint PRIMARY KEY REFERENCES ops.tasks (id),
    facility_id bigint NOT NULL REFERENCES gis.facilities (id) ON DELETE CASCADE,
    action      text NOT NULL CHECK (action IN ('open', 'close')),
    applied_at  timestamptz                                      -- when the completed task changed the facility's status
);
CREATE INDEX stay_facility_tasks_facility_idx ON ops.stay_facility_tasks (facility_id);
