-- A staff login refused because it came from outside the staff networks (工作人员登录网络,
-- checked where the caller's address is known: through swreg-server) is logged like the other
-- refusals. SQLite cannot change a CHECK constraint: the table is made again with the outcome
-- allowed, its rows copied as they are.
CREATE TABLE login_log_new (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    username    TEXT NOT NULL COLLATE NOCASE,
    user_id     INTEGER REFERENCES users (id),
    outcome     TEXT NOT NULL CHECK (outcome IN
                    ('success', 'wrong_password', 'wrong_captcha', 'locked', 'pending', 'rejected', 'disabled', 'expired',
                     'outside_network'))
);

INSERT INTO login_log_new (id, at, username, user_id, outcome)
    SELECT id, at, username, user_id, outcome FROM login_log;

DROP TABLE login_log;
ALTER TABLE login_log_new RENAME TO login_log;

CREATE INDEX login_log_username_at ON login_log (username, at);
CREATE INDEX login_log_at ON login_log (at);
