-- 数据备份: every backup the app made, by hand (立即备份, swreg-admin backup) or automatically,
-- with its outcome. The 数据备份 page lists them; the admin's home page warns when the latest
-- automatic one failed or none succeeded lately. A restore brings back the table as the backup
-- held it.
CREATE TABLE backup_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('manual', 'auto')),
    started_at  TEXT    NOT NULL,
    finished_at TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    bytes       INTEGER,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    -- What went wrong, in Chinese; NULL when ok.
    message     TEXT,
    -- The newest audit-log hash the backup holds (its anchor); NULL when failed or the log was empty.
    audit_hash  TEXT,
    actor_id    INTEGER REFERENCES users (id)
);
CREATE INDEX backup_runs_kind_time ON backup_runs (kind, finished_at);
