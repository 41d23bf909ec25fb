-- 导入: each import of a bureau's existing register, and the accounts it made. An imported
-- account is active but has no password anyone knows until the worker claims it (PRODUCT.md §9).
CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT    NOT NULL,
    file_sha256     TEXT    NOT NULL,
    rows            INTEGER NOT NULL,
    imported_by     INTEGER REFERENCES users (id),
    at              TEXT    NOT NULL
);

ALTER TABLE users ADD COLUMN import_id INTEGER REFERENCES imports (id);
