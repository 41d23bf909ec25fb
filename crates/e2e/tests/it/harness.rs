//! Starts the app under tauri-driver with its own data folder, or Chromium on the web portal
//! under chromedriver, and drives either by `data-testid`.

use serde_json::json;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::Capabilities;

/// The fixed captcha answer the `test-hooks` build draws when told to.
pub const CAPTCHA: &str = "E2E7";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// The app built for tests (with the `test-hooks` feature).
pub fn test_app() -> PathBuf {
    let path = std::env::var_os("SWREG_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/swreg"));
    assert!(path.exists(), "the app is not built at {}: run scripts/test.sh", path.display());
    path
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// An X display for the window: the caller's, or an Xvfb of our own.
struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    fn get() -> Display {
        if let Ok(name) = std::env::var("DISPLAY") {
            if !name.is_empty() {
                return Display { name, xvfb: None };
            }
        }
        // -displayfd: Xvfb picks a free display itself and tells us its number.
        let mut xvfb = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb (apt install xvfb)");
        let mut line = String::new();
        let stdout = xvfb.stdout.take().expect("Xvfb stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("Xvfb display number");
        let name = format!(":{}", line.trim());
        Display { name, xvfb: Some(xvfb) }
    }
}

impl Display {
    /// Saves the screen of our own Xvfb as PNG (ImageMagick's `import`): what the window shows,
    /// read from the X server. WebKit's own snapshot (WebDriver's screenshot) waits for the page
    /// to present a new frame, which a page drawn in software and left idle may never do.
    /// `false` on the caller's display, which holds more than the app.
    fn capture(&self, path: &Path) -> bool {
        self.xvfb.is_some()
            && Command::new("import")
                .args(["-display", &self.name, "-window", "root"])
                .arg(path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(x) = &mut self.xvfb {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

pub struct App {
    pub driver: WebDriver,
    shots: PathBuf,
    shot_no: u32,
    /// tauri-driver (with WebKitWebDriver and the app) or chromedriver (with Chromium), each in
    /// its own process group.
    driver_process: Child,
    /// The X display of the app's window; none for headless Chromium.
    display: Option<Display>,
}

impl App {
    /// Starts `binary` on `data_dir` and waits for its window.
    pub async fn start(binary: &Path, data_dir: &Path, test_name: &str) -> App {
        App::start_with(binary, data_dir, test_name, &[]).await
    }

    /// Starts the app with extra environment variables (the test hooks read some).
    ///
    /// A WebDriver session that fails to start (WebKitWebDriver losing the app's first moments on
    /// a busy machine) is tried again with a new driver, up to three times; a failed attempt's
    /// driver is stopped with everything it started.
    pub async fn start_with(binary: &Path, data_dir: &Path, test_name: &str, env: &[(&str, &str)]) -> App {
        let display = Display::get();
        let mut attempt = 0;
        let (driver, tauri_driver) = loop {
            attempt += 1;
            let port = free_port();
            let native_port = free_port();
            let log = std::fs::File::create(std::env::temp_dir().join(format!("swreg-e2e-{test_name}.driver.log")))
                .expect("driver log");
            // Its own process group, so that stopping it also stops the WebKitWebDriver it starts.
            use std::os::unix::process::CommandExt;
            let mut tauri_driver = Command::new(tauri_driver_path())
                .process_group(0)
                .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
                .env("DISPLAY", &display.name)
                .env("SWREG_DATA_DIR", data_dir)
                // The webview's own storage (the 大字 setting) beside the data folder, so that one
                // test's choice never reaches the next, and a restart of the same test keeps it.
                .env("XDG_DATA_HOME", webview_home(data_dir))
                .env("SWREG_TEST_CAPTCHA", CAPTCHA)
                .envs(env.iter().copied())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("start tauri-driver (cargo install tauri-driver --locked)");
            let session = async {
                if !wait_for_port(port).await {
                    return Err(format!("tauri-driver did not listen on {port}"));
                }
                let mut caps = Capabilities::new();
                caps.set("browserName", "wry").map_err(|e| e.to_string())?;
                caps.set("tauri:options", json!({ "application": binary })).map_err(|e| e.to_string())?;
                WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.map_err(|e| e.to_string())
            };
            match session.await {
                Ok(driver) => break (driver, tauri_driver),
                Err(e) => {
                    stop_group(&mut tauri_driver);
                    assert!(attempt < 3, "no WebDriver session after {attempt} attempts: {e}");
                    eprintln!("WebDriver session failed to start (attempt {attempt}), trying again: {e}");
                }
            }
        };
        App::with_driver(driver, tauri_driver, Some(display), test_name)
    }

    /// Opens `url` in Debian's Chromium, headless at 1280x800, through chromedriver (the web
    /// portal's tests). Downloads go to `downloads` without asking.
    pub async fn chromium(url: &str, test_name: &str, downloads: &Path) -> App {
        let port = free_port();
        let log = std::fs::File::create(std::env::temp_dir().join(format!("swreg-e2e-{test_name}.chromedriver.log")))
            .expect("driver log");
        use std::os::unix::process::CommandExt;
        // Its own process group, so that stopping it also stops the Chromium it starts.
        let mut chromedriver = Command::new(env_path("CHROMEDRIVER", "/usr/bin/chromedriver"))
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start chromedriver (apt install chromium-driver)");
        let session = async {
            if !wait_for_port(port).await {
                return Err(format!("chromedriver did not listen on {port}"));
            }
            let mut caps = Capabilities::new();
            caps.set("browserName", "chrome").map_err(|e| e.to_string())?;
            let options = json!({
                "binary": env_path("CHROMIUM", "/usr/bin/chromium"),
                "args": ["--headless=new", "--no-sandbox", "--window-size=1280,800", "--lang=zh-CN", "--disable-dev-shm-usage"],
                "prefs": { "download.default_directory": downloads, "download.prompt_for_download": false },
            });
            caps.set("goog:chromeOptions", options).map_err(|e| e.to_string())?;
            // A server over TLS in a test has the certificate it made itself, as the desktop
            // client pins it; the browser is told to take it.
            caps.set("acceptInsecureCerts", true).map_err(|e| e.to_string())?;
            WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.map_err(|e| e.to_string())
        };
        let driver = match session.await {
            Ok(driver) => driver,
            Err(e) => {
                stop_group(&mut chromedriver);
                panic!("no Chromium session: {e}");
            }
        };
        let app = App::with_driver(driver, chromedriver, None, test_name);
        // --window-size counts the browser's own bars: make the page itself 1280x800.
        let bars = app
            .driver
            .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];", vec![])
            .await
            .expect("measure the window");
        let bars: [i64; 2] = serde_json::from_value(bars.json().clone()).expect("the bars' sizes");
        app.driver.set_window_rect(0, 0, 1280 + bars[0].max(0) as u32, 800 + bars[1].max(0) as u32).await.expect("size the window");
        app.driver.goto(url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
        app
    }

    fn with_driver(driver: WebDriver, driver_process: Child, display: Option<Display>, test_name: &str) -> App {
        let shots = workspace_root().join("e2e-screenshots").join(test_name);
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        let shot_no = std::fs::read_dir(&shots).map(|d| d.count() as u32).unwrap_or(0);
        App { driver, shots, shot_no, driver_process, display }
    }

    /// The element with this `data-testid`, waiting for it to appear and be shown.
    pub async fn el(&self, test_id: &str) -> WebElement {
        let by = By::Css(format!("[data-testid='{test_id}']"));
        match self.driver.query(by).wait(Duration::from_secs(15), Duration::from_millis(100)).and_displayed().first().await
        {
            Ok(el) => el,
            Err(e) => {
                self.failure_shot(test_id).await;
                panic!("no element [data-testid={test_id}]: {e}")
            }
        }
    }

    /// Clicks into an input, waiting while a loading mask or a closing dialog covers it.
    async fn focus(&self, test_id: &str) -> WebElement {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let input = self.inner_input(test_id).await;
            self.center(&input).await;
            match input.click().await {
                Ok(()) => return input,
                // Covered by a loading mask or a closing dialog, or not yet shown (a menu group
                // still unfolding): wait for it.
                Err(e) if Instant::now() < deadline && (e.to_string().contains("intercepted") || e.to_string().contains("not interactable")) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    self.failure_shot(test_id).await;
                    panic!("focus {test_id}: {e}");
                }
            }
        }
    }

    /// Scrolls an element to the middle of the window, clear of sticky bars.
    async fn center(&self, el: &WebElement) {
        if let Ok(json) = el.to_json() {
            let _ = self.driver.execute("arguments[0].scrollIntoView({block: 'center'});", vec![json]).await;
        }
    }

    /// A screenshot of the window as it was when a step failed.
    pub async fn failure_shot(&self, what: &str) {
        let path = self.shots.join(format!("FAILED-{what}.png"));
        if !self.display.as_ref().is_some_and(|d| d.capture(&path)) {
            let _ = self.driver.screenshot(&path).await;
        }
    }

    pub async fn exists(&self, test_id: &str) -> bool {
        !self.driver.find_all(By::Css(format!("[data-testid='{test_id}']"))).await.unwrap_or_default().is_empty()
    }

    /// Replaces the text of an input (WebDriver's clear() does not reach Vue's v-model).
    pub async fn fill(&self, test_id: &str, text: &str) {
        let input = self.focus(test_id).await;
        input.send_keys(Key::Control + "a").await.expect("select all");
        input.send_keys(Key::Backspace).await.expect("clear");
        input.send_keys(text).await.expect("type");
    }

    /// Clicks an element, waiting while a loading mask or a closing dialog still covers it, or
    /// while it is still unfolding (a menu group's entries are not interactable until then).
    pub async fn click(&self, test_id: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let el = self.el(test_id).await;
            self.center(&el).await;
            match el.click().await {
                Ok(()) => return,
                Err(e)
                    if Instant::now() < deadline
                        && (e.to_string().contains("intercepted") || e.to_string().contains("not interactable")) =>
                {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    self.failure_shot(test_id).await;
                    panic!("click {test_id}: {e}");
                }
            }
        }
    }

    /// Opens a page from the side menu. The admin's pages sit in folding groups (登记管理,
    /// 系统管理, 日志管理): a folded group is first unfolded by a click on its title.
    pub async fn menu(&self, test_id: &str) {
        self.el("main-menu").await;
        let group = self
            .driver
            .execute(
                "const group = document.querySelector(`[data-testid='${arguments[0]}']`)?.closest('.el-sub-menu');
                 if (!group || group.classList.contains('is-opened')) return null;
                 return group.querySelector('[data-testid^=menu-group-]')?.dataset.testid ?? null;",
                vec![serde_json::Value::String(test_id.to_owned())],
            )
            .await
            .expect("find the menu group of an entry");
        if let Some(group) = group.json().as_str() {
            self.click(group).await;
            // The group unfolds with a transition that moves the entry while it runs: a click
            // then lands on another entry. Its end clears the inline height it animates.
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                let settled = self
                    .driver
                    .execute(
                        "const list = document.querySelector(`[data-testid='${arguments[0]}']`)?.closest('.el-sub-menu')?.querySelector(':scope > .el-menu');
                         return !!list && list.style.height === '' && list.style.overflow === '' && list.offsetHeight > 0;",
                        vec![serde_json::Value::String(test_id.to_owned())],
                    )
                    .await
                    .ok()
                    .and_then(|r| r.json().as_bool())
                    .unwrap_or(false);
                if settled || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.click(test_id).await;
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn wait_text(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let body = self.driver.find(By::Tag("body")).await.expect("body").text().await.unwrap_or_default();
            if body.contains(text) {
                return;
            }
            assert!(Instant::now() < deadline, "the page never showed {text:?}; it shows:\n{body}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The error message shown beside a form field (the `el-form-item` holding the input),
    /// waiting until one is shown.
    pub async fn field_error(&self, test_id: &str) -> String {
        let xpath = format!(
            "//*[@data-testid='{test_id}']/ancestor::div[contains(@class,'el-form-item')][1]//div[contains(@class,'el-form-item__error')]"
        );
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(el) = self.driver.find(By::XPath(xpath.clone())).await {
                let text = el.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    return text;
                }
            }
            assert!(Instant::now() < deadline, "no error shown beside {test_id}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Leaves a field with Tab, as a clerk does, and waits until no error is shown beside it
    /// (the error going away moves the buttons below it; a click racing that move is lost).
    pub async fn leave_field_until_valid(&self, test_id: &str) {
        self.focus(test_id).await.send_keys(Key::Tab).await.expect("tab");
        let xpath = format!(
            "//*[@data-testid='{test_id}']/ancestor::div[contains(@class,'el-form-item')][1]//div[contains(@class,'el-form-item__error')]"
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let shown = match self.driver.find(By::XPath(xpath.clone())).await {
                Ok(el) => !el.text().await.unwrap_or_default().trim().is_empty(),
                Err(_) => false,
            };
            if !shown {
                return;
            }
            assert!(Instant::now() < deadline, "the error beside {test_id} stayed");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element whose test id starts with `prefix`, waiting out loading masks.
    pub async fn click_first(&self, prefix: &str) {
        let by = By::Css(format!("[data-testid^='{prefix}']"));
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.driver.query(by.clone()).wait(Duration::from_secs(15), Duration::from_millis(100)).and_displayed().first().await;
            let el = match found {
                Ok(el) => el,
                Err(e) => {
                    self.failure_shot(prefix).await;
                    panic!("no element [data-testid^={prefix}]: {e}")
                }
            };
            self.center(&el).await;
            match el.click().await {
                Ok(()) => return,
                // Covered by a loading mask or a closing dialog, or not yet shown (a menu group
                // still unfolding): wait for it.
                Err(e) if Instant::now() < deadline && (e.to_string().contains("intercepted") || e.to_string().contains("not interactable")) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    self.failure_shot(prefix).await;
                    panic!("click {prefix}*: {e}");
                }
            }
        }
    }

    /// How many elements have a test id starting with `prefix`.
    pub async fn count(&self, prefix: &str) -> usize {
        self.driver.find_all(By::Css(format!("[data-testid^='{prefix}']"))).await.map(|v| v.len()).unwrap_or(0)
    }

    /// Waits until exactly `n` elements whose `data-testid` starts with `prefix` are on the page
    /// (a list that is still loading, or still showing what it showed before, has other rows).
    pub async fn wait_count(&self, prefix: &str, n: usize, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.count(prefix).await;
            if found == n {
                return;
            }
            if Instant::now() >= deadline {
                self.failure_shot(prefix).await;
                panic!("{what}: expected {n} [data-testid^={prefix}], found {found}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The shown texts of the elements whose `data-testid` starts with `prefix`, in page order.
    pub async fn texts(&self, prefix: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.driver.find_all(By::Css(format!("[data-testid^='{prefix}']"))).await.unwrap_or_default() {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// Picks the option labelled `label` of an `el-select`.
    pub async fn choose(&self, test_id: &str, label: &str) {
        let xpath = format!(
            "//div[contains(@class,'el-select-dropdown') and not(contains(@style,'display: none'))]//li[normalize-space()='{label}']"
        );
        // A click on an option while its dropdown is still sliding in can land beside it; the
        // select then shows nothing, as a person would see, and the choice is made again.
        for attempt in 1..=3 {
            self.click(test_id).await;
            let option = self
                .driver
                .query(By::XPath(xpath.clone()))
                .wait(Duration::from_secs(10), Duration::from_millis(100))
                .and_displayed()
                .first()
                .await
                .unwrap_or_else(|e| panic!("no option {label} in {test_id}: {e}"));
            // Chromium refuses a click on an option still sliding in (another element would get
            // it): the click is tried again until the dropdown has settled.
            let settled = Instant::now() + Duration::from_secs(3);
            while let Err(e) = option.click().await {
                let e = e.to_string();
                assert!(e.contains("intercepted") || e.contains("not interactable"), "choose {label} in {test_id}: {e}");
                if Instant::now() > settled {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            let shown = self.el(test_id).await.text().await.unwrap_or_default();
            if shown.contains(label) {
                return;
            }
            assert!(attempt < 3, "{test_id} does not show {label} after choosing it; it shows {shown:?}");
            if let Ok(active) = self.driver.active_element().await {
                let _ = active.send_keys(Key::Escape).await;
            }
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    }

    /// Types a date into an `el-date-picker` (value format YYYY-MM-DD) and closes its panel.
    pub async fn date(&self, test_id: &str, date: &str) {
        let input = self.focus(test_id).await;
        input.send_keys(Key::Control + "a").await.expect("select all");
        input.send_keys(Key::Backspace).await.expect("clear");
        input.send_keys(date).await.expect("type date");
        input.send_keys(Key::Enter).await.expect("enter");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    /// The native input of a component that keeps its test id on an outer element.
    pub async fn inner_input(&self, test_id: &str) -> WebElement {
        let by = By::Css(format!("[data-testid='{test_id}'] input, input[data-testid='{test_id}'], [data-testid='{test_id}'] textarea, textarea[data-testid='{test_id}']"));
        self.driver
            .query(by)
            .wait(Duration::from_secs(10), Duration::from_millis(100))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no input in {test_id}: {e}"))
    }

    /// Sets an input's value by script and tells Vue, for text WebKitWebDriver cannot type
    /// (characters outside the BMP, such as 𠈌).
    pub async fn set_by_script(&self, test_id: &str, text: &str) {
        let input = self.inner_input(test_id).await;
        self.driver
            .execute(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
                vec![input.to_json().expect("element json"), serde_json::Value::String(text.to_owned())],
            )
            .await
            .expect("set value by script");
    }

    pub async fn value(&self, test_id: &str) -> String {
        self.inner_input(test_id).await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Waits until an input shows `expected` (a page fills its form after loading).
    pub async fn wait_value(&self, test_id: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let shown = self.value(test_id).await;
            if shown == expected {
                return;
            }
            assert!(Instant::now() < deadline, "{test_id} shows {shown:?}, not {expected:?}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Saves a screenshot of the window as `NN-name.png` in this test's folder.
    pub async fn shot(&mut self, name: &str) {
        // The page may still be finishing a transition (a dialog fading in).
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.shot_no += 1;
        let path = self.shots.join(format!("{:02}-{name}.png", self.shot_no));
        if !self.display.as_ref().is_some_and(|d| d.capture(&path)) {
            self.driver.screenshot(&path).await.unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
        }
        self.axe(name).await;
    }

    /// Sends keys to whatever has the keyboard focus, as a person at the keyboard does.
    pub async fn press(&self, keys: impl Into<thirtyfour::TypingData>) {
        let active = self.driver.active_element().await.expect("the focused element");
        active.send_keys(keys).await.expect("send keys to the focused element");
    }

    /// The form field that has the focus: the first `data-testid` inside the form item holding
    /// the focused element (a radio or checkbox of a group answers with its group's field), or
    /// the focused element's own nearest `data-testid` outside a form.
    pub async fn focused_field(&self) -> Option<String> {
        self.driver
            .execute(
                "const a = document.activeElement;
                 if (!a || a === document.body) return null;
                 const item = a.closest('.el-form-item');
                 const own = a.closest('[data-testid]');
                 const first = item ? item.querySelector('[data-testid]') : own;
                 return first ? first.dataset.testid : null;",
                vec![],
            )
            .await
            .ok()
            .and_then(|r| r.json().as_str().map(str::to_owned))
    }

    /// The nearest `data-testid` around the focused element.
    pub async fn focused_testid(&self) -> Option<String> {
        self.driver
            .execute("return document.activeElement?.closest('[data-testid]')?.dataset.testid ?? null;", vec![])
            .await
            .ok()
            .and_then(|r| r.json().as_str().map(str::to_owned))
    }

    /// Presses Tab until the focus is in `field` (as [`App::focused_field`] names it), noting in
    /// `visited` each new field the focus passes through on the way.
    pub async fn tab_to(&self, field: &str, visited: &mut Vec<String>) {
        for _ in 0..60 {
            self.press(Key::Tab).await;
            let now = self.focused_field().await.unwrap_or_default();
            if visited.last() != Some(&now) {
                visited.push(now.clone());
            }
            if now == field {
                return;
            }
        }
        self.failure_shot(&format!("tab-to-{field}")).await;
        panic!("Tab never reached {field}; the focus went through {visited:?}");
    }

    /// Checks the window as it is now with axe-core (WCAG 2.1 A/AA and axe's best practices) and
    /// fails on any critical or serious violation, and on a page without its one `main` landmark
    /// and one `h1`. `page` names what is shown, in the failure's words. `shot` calls it, so every
    /// page and dialog a test looks at is checked.
    pub async fn axe(&self, page: &str) {
        let injected = self
            .driver
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .ok()
            .and_then(|r| r.json().as_bool())
            .unwrap_or(false);
        if !injected {
            // The source is the script itself: the page's CSP allows no eval, and WebDriver's
            // scripts are not the page's.
            let script = format!("{}\nreturn typeof window.axe === 'object';", axe_source());
            let ok = self.driver.execute(&script, vec![]).await.expect("inject axe-core");
            assert_eq!(ok.json().as_bool(), Some(true), "axe-core did not load into the window");
        }
        let answer = self
            .driver
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe
                   .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })
                   .then((r) => done(JSON.stringify(r.violations.map((v) => ({
                     id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.slice(0, 6).map((n) => n.target.join(' ') + '  ' + n.html.slice(0, 160) + '  ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 200)),
                     count: v.nodes.length,
                   })))))
                   .catch((e) => done('ERROR ' + e));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let text = answer.json().as_str().unwrap_or_default().to_owned();
        assert!(!text.starts_with("ERROR"), "axe-core failed on {page}: {text}");
        let violations: Vec<serde_json::Value> = serde_json::from_str(&text).expect("axe-core's answer");
        // One main landmark and one h1 per page are best practices (moderate) that this app keeps.
        const KEPT: [&str; 3] = ["landmark-one-main", "page-has-heading-one", "landmark-no-duplicate-main"];
        let mut failing = Vec::new();
        for v in &violations {
            let id = v["id"].as_str().unwrap_or_default();
            let impact = v["impact"].as_str().unwrap_or_default();
            let line = format!(
                "{impact} {id} ({} nodes): {}\n      {}",
                v["count"],
                v["help"].as_str().unwrap_or_default(),
                v["nodes"].as_array().map(|n| n.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("\n      ")).unwrap_or_default()
            );
            if matches!(impact, "critical" | "serious") || KEPT.contains(&id) {
                failing.push(line);
            } else {
                eprintln!("axe {page}: {line}");
            }
        }
        // SWREG_AXE=report lists what fails without stopping the test: for surveying a suite.
        if !failing.is_empty() && std::env::var("SWREG_AXE").is_ok_and(|v| v == "report") {
            eprintln!("AXE-FAIL {page}:\n  {}", failing.join("\n  "));
            return;
        }
        if !failing.is_empty() {
            self.failure_shot(&format!("axe-{page}")).await;
            panic!("axe-core on {page}:\n  {}", failing.join("\n  "));
        }
    }

    pub async fn quit(mut self) {
        let _ = self.driver.clone().quit().await;
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        stop_group(&mut self.driver_process);
    }
}

/// Stops a driver and what it started (WebKitWebDriver and the app, or Chromium): its process
/// group.
pub fn stop_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// Where the webview of a test keeps its storage: beside the test's data folder.
pub fn webview_home(data_dir: &Path) -> PathBuf {
    let mut name = data_dir.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("-webview");
    data_dir.with_file_name(name)
}

/// axe-core's browser build, from the UI's dev dependencies (`npm --prefix ui ci`).
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("ui/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {} (npm --prefix ui ci): {e}", path.display()))
    })
}

/// A program named by the environment variable `var`, or at `default`.
fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| PathBuf::from(default))
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let installed = home.join("bin/tauri-driver");
    if installed.exists() { installed } else { PathBuf::from("tauri-driver") }
}

pub async fn wait_for_port(port: u16) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    true
}

/// Logs in through the core (with the test hooks' captcha peek), for preparing data.
pub fn core_login(registry: &swreg_core::Registry, username: &str, password: &str) -> String {
    let captcha = registry.new_captcha().expect("captcha");
    let answer = registry.peek_captcha(&captcha.id).expect("answer");
    registry
        .login(swreg_core::accounts::login::LoginArgs {
            username: username.into(),
            password: password.into(),
            captcha_id: captcha.id,
            captcha_answer: answer,
        })
        .expect("login")
        .token
}

/// Registers a worker account and approves it, through the core.
pub fn core_worker(registry: &swreg_core::Registry, admin: &str, username: &str, email: &str) -> i64 {
    let captcha = registry.new_captcha().expect("captcha");
    let answer = registry.peek_captcha(&captcha.id).expect("answer");
    registry
        .register(swreg_core::accounts::signup::RegisterArgs {
            username: username.into(),
            password: "Worker2026".into(),
            password_confirm: "Worker2026".into(),
            display_name: "林美".into(),
            id_number: "35020319900101123X".into(),
            phone: "13959200001".into(),
            email: email.into(),
            captcha_id: captcha.id,
            captcha_answer: answer,
        })
        .expect("register");
    let q = registry
        .account_queue(admin, swreg_core::accounts::signup::AccountQuery { search: username.into(), page: 1, page_size: 5, ..Default::default() })
        .expect("queue");
    let id = q.items[0].id;
    registry
        .review_account(admin, swreg_core::accounts::signup::ReviewAccountArgs { user_id: id, approve: true, comment: String::new() })
        .expect("approve");
    id
}
