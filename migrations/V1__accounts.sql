-- Accounts, sessions' audit trail and settings.
-- Timestamps are ISO 8601 text in UTC ('2026-12-01T08:30:00Z'); dates are 'YYYY-MM-DD' in China time.

CREATE TABLE users (
    id                      INTEGER PRIMARY KEY,
    username                TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    display_name            TEXT    NOT NULL,
    role                    TEXT    NOT NULL CHECK (role IN ('worker', 'reviewer', 'admin')),
    status                  TEXT    NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'disabled')),
    password_hash           TEXT    NOT NULL,
    must_change_password    INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    temp_password_hash      TEXT,
    temp_password_expires   TEXT,
    id_number               TEXT    UNIQUE,
    phone                   TEXT,
    email                   TEXT    COLLATE NOCASE UNIQUE,
    review_comment          TEXT,
    reviewed_by             INTEGER REFERENCES users (id),
    reviewed_at             TEXT,
    created_by              INTEGER REFERENCES users (id),
    created_at              TEXT    NOT NULL,
    last_login_at           TEXT
);

CREATE INDEX users_status_role ON users (status, role);

-- Every login attempt, whatever its outcome. Never holds a password.
CREATE TABLE login_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL COLLATE NOCASE,
    user_id     INTEGER REFERENCES users (id),
    outcome     TEXT NOT NULL CHECK (outcome IN
                    ('success', 'wrong_password', 'wrong_captcha', 'locked', 'pending', 'rejected', 'disabled', 'expired'))
);

CREATE INDEX login_log_username_at ON login_log (username, at);
CREATE INDEX login_log_at ON login_log (at);

CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);

-- Password-recovery requests, by account name as typed, for the per-account rate limit.
CREATE TABLE password_recoveries (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL COLLATE NOCASE,
    matched     INTEGER NOT NULL CHECK (matched IN (0, 1))
);

CREATE INDEX password_recoveries_username_at ON password_recoveries (username, at);
