//! End-to-end tests: the built app in a real window, driven through tauri-driver and
//! WebKitWebDriver. Run them one at a time (`--test-threads=1`); `scripts/test.sh` builds the
//! app with the `test-hooks` feature first and names it in `SWREG_APP`.

mod accounts;
mod backup;
mod client;
mod contact;
mod foundation;
mod harness;
mod import;
mod keyboard;
mod levels;
mod memory;
mod print;
mod record;
mod renewal;
mod roster;
mod text_size;
mod workflow;
