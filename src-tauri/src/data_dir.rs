//! Where the database lives: `--data-dir <folder>` on the command line, else the
//! `SWREG_DATA_DIR` environment variable, else the OS's app-data folder.

use std::path::PathBuf;
use tauri::Manager;

pub const ENV_VAR: &str = "SWREG_DATA_DIR";

pub fn choose(app: &tauri::AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = from_args(std::env::args()).or_else(|| std::env::var_os(ENV_VAR).map(PathBuf::from)) {
        return Ok(dir);
    }
    Ok(app.path().app_data_dir()?)
}

fn from_args(args: impl Iterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> impl Iterator<Item = String> {
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn reads_the_flag_in_both_forms() {
        assert_eq!(from_args(args(&["swreg", "--data-dir", "/x/y"])), Some("/x/y".into()));
        assert_eq!(from_args(args(&["swreg", "--data-dir=/x/y"])), Some("/x/y".into()));
        assert_eq!(from_args(args(&["swreg"])), None);
        assert_eq!(from_args(args(&["swreg", "--data-dir"])), None);
    }
}
