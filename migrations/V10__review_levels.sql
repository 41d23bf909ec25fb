-- Two-level review (初审 → 终审) and separation of duties.

-- 审核范围 of a staff account: a district code (that district's 初审), or NULL for the city
-- (终审). Existing accounts keep deciding for the whole city.
ALTER TABLE users ADD COLUMN review_scope TEXT;

-- An application that passed 初审 keeps waiting (status 'submitted') for 终审; these say who passed
-- it, when and with what comment.
ALTER TABLE applications ADD COLUMN first_review_at TEXT;
ALTER TABLE applications ADD COLUMN first_review_by INTEGER REFERENCES users (id);
ALTER TABLE applications ADD COLUMN first_review_comment TEXT;
-- The level of the final decision: 'first' (退回 at 初审) or 'final'; NULL under one-level review.
ALTER TABLE applications ADD COLUMN decided_level TEXT CHECK (decided_level IN ('first', 'final'));

-- Every staff member who entered or edited an application's content: `entered_by` keeps only the
-- last, and whoever touched it may not approve it. Written by triggers only.
CREATE TABLE application_editors (
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (application_id, user_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO application_editors (application_id, user_id)
    SELECT id, entered_by FROM applications WHERE entered_by IS NOT NULL;

CREATE TRIGGER application_editors_insert AFTER INSERT ON applications
WHEN new.entered_by IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO application_editors (application_id, user_id) VALUES (new.id, new.entered_by);
END;

CREATE TRIGGER application_editors_update AFTER UPDATE OF entered_by ON applications
WHEN new.entered_by IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO application_editors (application_id, user_id) VALUES (new.id, new.entered_by);
END;

-- The queue's covering indexes (V7) carry the level too: `first_review_at` tells 初审 from 终审
-- without reading the wide row.
DROP INDEX applications_queue_kind;
DROP INDEX applications_queue_time;
DROP INDEX applications_queue_worker;
CREATE INDEX applications_queue_kind ON applications
    (status, kind, submitted_at, id, worker_id, worker_district, worker_title, worker_name, first_review_at);
CREATE INDEX applications_queue_time ON applications
    (status, submitted_at, id, kind, worker_id, worker_district, worker_title, worker_name, first_review_at);
CREATE INDEX applications_queue_worker ON applications (worker_id, status, kind, submitted_at, first_review_at);
