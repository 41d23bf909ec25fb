//! The server as a service: its timed work runs in it, and SIGTERM or SIGINT closes the
//! database cleanly, as the desktop app does at exit.

mod common;

use common::Server;
use std::time::Duration;

#[test]
fn the_automatic_backup_runs_in_the_server() {
    let server = Server::start();
    let folder = server.dir.path().join("backups/auto");
    for _ in 0..1200 {
        let made = std::fs::read_dir(&folder).map(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "sqlite3"))).unwrap_or(false);
        if made {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no automatic backup in {}", folder.display());
}

#[test]
fn sigterm_and_sigint_close_the_database_and_leave_one_file() {
    for signal in ["TERM", "INT"] {
        let mut server = Server::start();
        server.admin();
        assert!(server.dir.path().join("swreg.sqlite3-wal").exists(), "WAL while running");
        let status = server.stop_with(signal);
        assert!(status.success(), "{signal}: {status:?}");
        // The stderr reader may be a moment behind the exit.
        let closed = (0..200).any(|_| {
            let said = server.stderr.lock().unwrap().iter().any(|l| l.contains("数据库已关闭"));
            if !said {
                std::thread::sleep(Duration::from_millis(25));
            }
            said
        });
        assert!(closed, "{signal}: {:?}", server.stderr.lock().unwrap());
        assert!(!server.dir.path().join("swreg.sqlite3-wal").exists(), "{signal}: the -wal is folded in");
    }
}
