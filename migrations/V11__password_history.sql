-- Passwords an account has chosen, newest last, so that the last N are not chosen again (等保);
-- the newest row's time is when the password was last changed, for password expiry.
-- Holds argon2id hashes only; the code keeps no more rows per account than the largest N allowed.
CREATE TABLE password_history (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    password_hash   TEXT    NOT NULL,
    changed_at      TEXT    NOT NULL
);

CREATE INDEX password_history_user ON password_history (user_id, id);

-- Accounts that already chose their password: when it was chosen is not known, so the account's
-- creation is taken (the earliest it can have been).
INSERT INTO password_history (user_id, password_hash, changed_at)
    SELECT id, password_hash, created_at FROM users WHERE must_change_password = 0;

-- Raised whenever every session of the account must end (password changed or reset, account
-- disabled): a session remembers the value it started with and is refused once it differs, in
-- every app instance working on this database.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
