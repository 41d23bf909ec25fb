-- 访问日志: every read of a worker's full data by staff (PIPL: access to personal information is
-- recorded): who, whose, when, through which view. Append-only, like the audit log.
CREATE TABLE access_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT    NOT NULL,
    actor_id       INTEGER NOT NULL REFERENCES users (id),
    worker_id      INTEGER NOT NULL REFERENCES workers (id),
    view           TEXT    NOT NULL,
    application_id INTEGER REFERENCES applications (id),
    note           TEXT
);

CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_worker ON access_log (worker_id, at);
CREATE INDEX access_log_actor ON access_log (actor_id, at);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;

CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
