//! Integration tests of the core on real SQLite files in temporary folders.

mod accounts;
mod fixture;
mod roles;
