-- The registry: workers' records, their applications, photos, cards and the audit log.
-- Dates are 'YYYY-MM-DD' (China time); timestamps RFC 3339 UTC text.

-- 社工登记记录: one per worker account. `data` holds the current record as JSON (the form as
-- last approved, or as entered before any approval); the columns beside it are copies of the
-- fields that lists filter, search and sort by.
CREATE TABLE workers (
    id                  INTEGER PRIMARY KEY,
    user_id             INTEGER NOT NULL UNIQUE REFERENCES users (id),
    status              TEXT    NOT NULL DEFAULT 'unregistered'
                                CHECK (status IN ('unregistered', 'registered', 'frozen')),
    registration_no     TEXT    UNIQUE,
    valid_from          TEXT,
    valid_until         TEXT,
    editing_unlocked    INTEGER NOT NULL DEFAULT 0 CHECK (editing_unlocked IN (0, 1)),
    frozen_reason       TEXT,
    data                TEXT    NOT NULL DEFAULT '{}',
    photo_id            INTEGER REFERENCES photos (id),
    name                TEXT    NOT NULL DEFAULT '',
    id_number           TEXT,
    mobile              TEXT,
    employer            TEXT    NOT NULL DEFAULT '',
    sex                 TEXT,
    birth_date          TEXT,
    education           TEXT,
    district            TEXT,
    title               TEXT,
    full_time           INTEGER,
    xiamen_hukou        INTEGER,
    entered_by          INTEGER REFERENCES users (id),
    entered_at          TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);

CREATE INDEX workers_status_until ON workers (status, valid_until);
CREATE INDEX workers_name ON workers (name);
CREATE INDEX workers_id_number ON workers (id_number);
CREATE INDEX workers_mobile ON workers (mobile);
CREATE INDEX workers_district ON workers (district, status);
CREATE INDEX workers_title ON workers (title, status);
CREATE INDEX workers_updated ON workers (updated_at);

-- 执业领域 of the current record, one row per field, for filtering.
CREATE TABLE worker_fields (
    worker_id   INTEGER NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    field       TEXT    NOT NULL,
    PRIMARY KEY (field, worker_id)
) WITHOUT ROWID;

-- 个人照片: 295×413 JPEG, re-encoded without metadata. Kept while any record or application uses it.
CREATE TABLE photos (
    id          INTEGER PRIMARY KEY,
    worker_id   INTEGER NOT NULL REFERENCES workers (id),
    jpeg        BLOB    NOT NULL,
    created_at  TEXT    NOT NULL
);

-- 申请: every request a worker makes, with the record as submitted (`data`, JSON) where the kind
-- carries one, and the decision.
CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY,
    worker_id           INTEGER NOT NULL REFERENCES workers (id),
    kind                TEXT    NOT NULL CHECK (kind IN
                            ('initial', 'modification_request', 'modification', 'renewal', 'restoration', 'card_replacement')),
    status              TEXT    NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
    data                TEXT,
    reason              TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    submitted_at        TEXT,
    decided_at          TEXT,
    decided_by          INTEGER REFERENCES users (id),
    decision_comment    TEXT,
    entered_by          INTEGER REFERENCES users (id)
);

-- At most one open application of a kind per worker.
CREATE UNIQUE INDEX applications_one_open ON applications (worker_id, kind) WHERE status IN ('draft', 'submitted');
CREATE INDEX applications_queue ON applications (status, kind, submitted_at);
CREATE INDEX applications_worker ON applications (worker_id, kind, created_at);

-- 社工卡: a card number and a serial per issue; a replaced card becomes void and stays.
CREATE TABLE cards (
    id              INTEGER PRIMARY KEY,
    worker_id       INTEGER NOT NULL REFERENCES workers (id),
    card_no         TEXT    NOT NULL,
    serial_no       TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL CHECK (status IN ('valid', 'void')),
    issued_at       TEXT    NOT NULL,
    issued_by       INTEGER NOT NULL REFERENCES users (id),
    voided_at       TEXT,
    application_id  INTEGER REFERENCES applications (id)
);

CREATE UNIQUE INDEX cards_one_valid ON cards (worker_id) WHERE status = 'valid';

-- 操作日志: who did what to which record, with the values before and after. Append-only.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT    NOT NULL,
    worker_id   INTEGER REFERENCES workers (id),
    application_id INTEGER REFERENCES applications (id),
    before      TEXT,
    after       TEXT,
    note        TEXT
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_worker ON audit_log (worker_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
