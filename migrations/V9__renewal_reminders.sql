-- 续期提醒: the reminder mails of a validity period (60, 30 and 7 days before 有效期至, and the day
-- after it). One row per worker, period (its 有效期至) and stage: the row is written before the
-- mail goes out and removed again when sending fails, so that a reminder is sent at most once
-- even when two processes (the desktop app, a server) run the reminders on one file.
CREATE TABLE renewal_reminders (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers (id),
    valid_until TEXT    NOT NULL,
    stage       TEXT    NOT NULL CHECK (stage IN ('before_60', 'before_30', 'before_7', 'expired')),
    recipient   TEXT    NOT NULL,
    sent_at     TEXT    NOT NULL,
    UNIQUE (worker_id, valid_until, stage)
);
