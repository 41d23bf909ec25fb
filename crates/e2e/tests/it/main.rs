//! End-to-end tests: the built app in a real window, driven through tauri-driver and
//! WebKitWebDriver, and the web portal (`swreg-server`) in Chromium through chromedriver — in
//! `bureau.rs` both at once on one server. Run
//! them one at a time (`--test-threads=1`); `scripts/test.sh` builds the app and the server with
//! the `test-hooks` feature first and names them in `SWREG_APP` and `SWREG_SERVER`.

mod accounts;
mod backup;
mod bureau;
mod client;
mod contact;
mod foundation;
mod harness;
mod import;
mod keyboard;
mod levels;
mod memory;
mod portal;
mod print;
mod record;
mod renewal;
mod roster;
mod text_size;
mod workflow;
