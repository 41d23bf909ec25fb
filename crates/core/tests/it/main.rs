//! Integration tests of the core on real SQLite files in temporary folders.

mod access;
mod admin_audit;
mod accounts;
mod audit_chain;
mod backups;
mod codes;
#[path = "../common/forms.rs"]
mod forms;
#[path = "../common/consistency.rs"]
mod consistency;
mod contact;
mod disk;
mod export;
mod hub;
mod import;
#[path = "../common/import_kit.rs"]
mod import_kit;
mod fixture;
mod invariants;
mod levels;
mod load;
mod networks;
mod pdf;
mod private;
mod queue;
mod renewal;
mod restore;
mod roles;
mod sessions;
mod roster;
mod stats;
mod stored;
mod upgrade;
mod workflow;
