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
