//! 大字, the larger-text setting for older users: chosen before login, kept per workstation, and
//! the main pages at 1280×800 keep every text inside its box in both sizes.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, core_worker, test_app, App};

/// Text that runs out of its box: for each element holding text (its nearest box that is not
/// plain inline), `scrollWidth > clientWidth`. Scrolling areas and text cut on purpose with an
/// ellipsis (table cells with a tooltip) are not counted.
const OVERFLOWING: &str = "
const out = [];
const seen = new Set();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const text = walker.currentNode;
  if (!text.textContent.trim()) continue;
  let el = text.parentElement;
  while (el && getComputedStyle(el).display === 'inline') el = el.parentElement;
  if (!el || seen.has(el)) continue;
  seen.add(el);
  if (el.getClientRects().length === 0 || el.closest('.sr-only, [aria-hidden=true], script, style')) continue;
  const cs = getComputedStyle(el);
  if (cs.visibility === 'hidden' || cs.textOverflow === 'ellipsis' || ['auto', 'scroll'].includes(cs.overflowX)) continue;
  if (el.scrollWidth > el.clientWidth + 1) {
    out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} \"${el.textContent.trim().slice(0, 40)}\" ${el.scrollWidth}>${el.clientWidth}`);
  }
}
return out;";

async fn no_overflow(app: &App, page: &str) {
    let found = app.driver.execute(OVERFLOWING, vec![]).await.expect("measure the page");
    let list: Vec<String> = serde_json::from_value(found.json().clone()).unwrap_or_default();
    if !list.is_empty() {
        app.failure_shot(&format!("overflow-{page}")).await;
    }
    assert!(list.is_empty(), "text overflows its box on {page}:\n  {}", list.join("\n  "));
}

/// The main pages of staff, each with a mark that it has drawn its data.
const PAGES: [(&str, &str, &str); 6] = [
    ("home", "menu-home", "home-welcome"),
    ("roster", "menu-staff-roster", "roster-search"),
    ("review", "menu-staff-review", "queue-search"),
    ("stats", "menu-staff-stats", "stats-total"),
    ("enter", "menu-staff-enter", "enter-username"),
    ("accounts", "menu-admin-accounts", "accounts-search"),
];

#[tokio::test(flavor = "multi_thread")]
async fn large_text_keeps_every_text_in_its_box() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        core_worker(&registry, &admin, "linmei", "linmei@example.cn");
    }
    let mut app = App::start(&test_app(), &data, "text-size").await;

    // Chosen on the login page, before anyone logs in.
    app.el("login-username").await;
    no_overflow(&app, "login").await;
    app.shot("login-standard").await;
    app.click("text-size-large").await;
    assert_eq!(html_size(&app).await, "large");
    no_overflow(&app, "login-large").await;
    app.shot("login-large").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.el("home-welcome").await;

    for size in ["large", "standard"] {
        for (name, menu, mark) in PAGES {
            app.menu(menu).await;
            app.el(mark).await;
            no_overflow(&app, &format!("{name}-{size}")).await;
            app.shot(&format!("{name}-{size}")).await;
        }
        if size == "large" {
            app.click("text-size-standard").await;
            assert_eq!(html_size(&app).await, "standard");
        }
    }
    app.click("text-size-large").await;
    assert_eq!(html_size(&app).await, "large");
    // WebKit writes localStorage to its file a moment later: the app is closed once it is there.
    wait_for_stored(&data, "swreg.textSize", "large").await;
    app.quit().await;

    // Kept on this workstation: the next start opens in 大字.
    let mut app = App::start(&test_app(), &data, "text-size").await;
    app.el("login-username").await;
    assert_eq!(html_size(&app).await, "large");
    app.shot("login-large-after-restart").await;
    app.quit().await;
}

async fn html_size(app: &App) -> String {
    app.driver
        .execute("return document.documentElement.dataset.textSize ?? '';", vec![])
        .await
        .ok()
        .and_then(|r| r.json().as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits until the webview's own storage of the app on `data` holds `value` under `key` on disk
/// (WebKitGTK keeps localStorage in a SQLite file, `localstorage/*.localstorage`, with the values
/// in UTF-16).
async fn wait_for_stored(data: &std::path::Path, key: &str, value: &str) {
    let home = crate::harness::webview_home(data);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if stored(&home, key).as_deref() == Some(value) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{key} = {value} never reached the webview's storage under {}", home.display());
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

fn stored(home: &std::path::Path, key: &str) -> Option<String> {
    let mut folders = vec![home.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "localstorage") {
                let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
                let blob: Vec<u8> = conn.query_row("SELECT value FROM ItemTable WHERE key = ?1", [key], |r| r.get(0)).ok()?;
                let units: Vec<u16> = blob.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
                return String::from_utf16(&units).ok();
            }
        }
    }
    None
}
