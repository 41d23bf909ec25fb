-- 审核队列 at 100,000 workers: every page and its total read narrow covering indexes, never the
-- wide application or worker rows, except the page's own 20.
--
-- The queue filters by the record's 所在区 and 职称 and searches names by their start, so each
-- application carries a copy of the three, kept by triggers: written when the application is
-- made, rewritten when the record changes.
ALTER TABLE applications ADD COLUMN worker_district TEXT;
ALTER TABLE applications ADD COLUMN worker_title TEXT;
ALTER TABLE applications ADD COLUMN worker_name TEXT;

UPDATE applications SET
    worker_district = (SELECT w.district FROM workers w WHERE w.id = applications.worker_id),
    worker_title = (SELECT w.title FROM workers w WHERE w.id = applications.worker_id),
    worker_name = (SELECT w.name FROM workers w WHERE w.id = applications.worker_id);

CREATE TRIGGER applications_copy_worker AFTER INSERT ON applications
BEGIN
    UPDATE applications SET
        worker_district = (SELECT w.district FROM workers w WHERE w.id = new.worker_id),
        worker_title = (SELECT w.title FROM workers w WHERE w.id = new.worker_id),
        worker_name = (SELECT w.name FROM workers w WHERE w.id = new.worker_id)
    WHERE id = new.id;
END;

CREATE TRIGGER workers_copy_to_applications AFTER UPDATE OF district, title, name ON workers
WHEN new.district IS NOT old.district OR new.title IS NOT old.title OR new.name IS NOT old.name
BEGIN
    UPDATE applications SET worker_district = new.district, worker_title = new.title, worker_name = new.name
    WHERE worker_id = new.id;
END;

-- The number of applications of each status and kind, kept by triggers: the total of a queue
-- without other filters (all 250,000 decided applications, say) is read here, not counted.
CREATE TABLE application_counts (
    status TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (status, kind)
) WITHOUT ROWID;

INSERT INTO application_counts (status, kind, n) SELECT status, kind, COUNT(*) FROM applications GROUP BY status, kind;

CREATE TRIGGER application_counts_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO application_counts (status, kind, n) VALUES (new.status, new.kind, 1)
        ON CONFLICT (status, kind) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER application_counts_delete AFTER DELETE ON applications
BEGIN
    UPDATE application_counts SET n = n - 1 WHERE status = old.status AND kind = old.kind;
END;

CREATE TRIGGER application_counts_update AFTER UPDATE OF status, kind ON applications
WHEN new.status IS NOT old.status OR new.kind IS NOT old.kind
BEGIN
    UPDATE application_counts SET n = n - 1 WHERE status = old.status AND kind = old.kind;
    INSERT INTO application_counts (status, kind, n) VALUES (new.status, new.kind, 1)
        ON CONFLICT (status, kind) DO UPDATE SET n = n + 1;
END;

--   * led by status and kind, in submission order: one kind's queue (and the menu's counts);
--   * led by status, in submission order: all kinds' queue;
--   * led by the worker: the queue sorted by name walks the name index of workers and looks up
--     each one's applications here.
-- The id after the time makes the index order the queue's order (submitted_at, id).
DROP INDEX applications_queue;
CREATE INDEX applications_queue_kind ON applications
    (status, kind, submitted_at, id, worker_id, worker_district, worker_title, worker_name);
CREATE INDEX applications_queue_time ON applications
    (status, submitted_at, id, kind, worker_id, worker_district, worker_title, worker_name);
CREATE INDEX applications_queue_worker ON applications (worker_id, status, kind, submitted_at);
