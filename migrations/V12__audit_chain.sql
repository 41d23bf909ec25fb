-- The audit log becomes a hash chain: each entry carries the hash of the entry before it
-- (`prev_hash`, empty for the first) and its own (`hash`: SHA-256 of its fields and
-- `prev_hash`, see crates/core/src/audit/chain.rs). Changing, removing or slipping in an entry
-- behind the app's back breaks the chain at that entry.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Entries written before this migration are sealed into the chain once, in id order, when the
-- app next opens the database: up to this id a missing hash may be filled in, and only that.
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    legacy_through INTEGER NOT NULL
);
INSERT INTO audit_chain (id, legacy_through) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM audit_log));

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain''s start is fixed');
END;

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL
  OR OLD.id > (SELECT legacy_through FROM audit_chain)
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.action IS NOT OLD.action OR NEW.worker_id IS NOT OLD.worker_id
  OR NEW.application_id IS NOT OLD.application_id OR NEW.before IS NOT OLD.before
  OR NEW.after IS NOT OLD.after OR NEW.note IS NOT OLD.note
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Every new entry is chained.
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an audit entry needs its hash');
END;
