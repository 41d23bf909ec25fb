//! A registry on a fresh data folder with a clock the test moves, and helpers to log in.

use chrono::{TimeZone, Utc};
use std::sync::Arc;
use swreg_core::accounts::login::{LoginArgs, Session, SetupAdminArgs};
use swreg_core::accounts::signup::{RegisterArgs, ReviewAccountArgs};
use swreg_core::{FixedClock, Registry};

pub const ADMIN_PASSWORD: &str = "Admin2026x";
pub const WORKER_PASSWORD: &str = "Worker2026x";

pub struct Fixture {
    pub registry: Registry,
    pub clock: Arc<FixedClock>,
    pub dir: tempfile::TempDir,
    pub admin: Session,
}

impl Fixture {
    /// A registry with its first admin created and logged in, on 2026-12-01 10:00 China time.
    pub fn new() -> Fixture {
        Fixture::on(tempfile::tempdir().unwrap())
    }

    /// The same on a given folder (a small filesystem mounted on it, say).
    pub fn on(dir: tempfile::TempDir) -> Fixture {
        let clock = Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap()));
        let registry = Registry::open(dir.path(), clock.clone()).unwrap();
        let admin = registry
            .setup_admin(SetupAdminArgs {
                username: "admin".into(),
                display_name: "陈建国".into(),
                password: ADMIN_PASSWORD.into(),
                password_confirm: ADMIN_PASSWORD.into(),
            })
            .unwrap();
        Fixture { registry, clock, dir, admin }
    }

    pub fn login_args(&self, username: &str, password: &str) -> LoginArgs {
        let captcha = self.registry.new_captcha().unwrap();
        let answer = self.registry.peek_captcha(&captcha.id).unwrap();
        LoginArgs {
            username: username.into(),
            password: password.into(),
            captcha_id: captcha.id,
            captcha_answer: answer.to_lowercase(),
        }
    }

    pub fn login(&self, username: &str, password: &str) -> swreg_core::Result<Session> {
        self.registry.login(self.login_args(username, password))
    }

    /// 注册 with the captcha answered.
    pub fn register(&self, mut args: RegisterArgs) -> swreg_core::Result<()> {
        let captcha = self.registry.new_captcha().unwrap();
        args.captcha_answer = self.registry.peek_captcha(&captcha.id).unwrap();
        args.captcha_id = captcha.id;
        self.registry.register(args)
    }

    /// Registers a worker and has the admin approve it; returns the account id.
    pub fn approved_worker(&self, username: &str, id_number: &str, email: &str) -> i64 {
        self.register(register_args(username, id_number, email)).unwrap();
        let page = self
            .registry
            .account_queue(&self.admin.token, swreg_core::accounts::signup::AccountQuery {
                search: username.into(),
                page: 1,
                page_size: 10,
                ..Default::default()
            })
            .unwrap();
        let id = page.items.iter().find(|r| r.username == username).expect("in the queue").id;
        self.registry
            .review_account(&self.admin.token, ReviewAccountArgs { user_id: id, approve: true, comment: String::new() })
            .unwrap();
        id
    }
}

pub fn register_args(username: &str, id_number: &str, email: &str) -> RegisterArgs {
    RegisterArgs {
        username: username.into(),
        password: WORKER_PASSWORD.into(),
        password_confirm: WORKER_PASSWORD.into(),
        display_name: "林𠈌".into(),
        id_number: id_number.into(),
        phone: "+86 138 0592 1234".into(),
        email: email.into(),
        // Answered by `Fixture::register`.
        captcha_id: String::new(),
        captcha_answer: String::new(),
    }
}

/// Valid ID numbers (GB 11643 check digits computed by hand).
pub const ID_A: &str = "11010519491231002X";

/// A PNG photo made on the spot.
pub fn png_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(600, 800, |x, y| image::Rgb([(x % 200) as u8 + 30, (y % 200) as u8 + 30, 150]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub use crate::forms::full_form;

/// 代录入 of 阿依古丽·买买提 (walkin01, 35020319900101123X), her password shown at the counter.
pub fn walk_in_args() -> swreg_core::registration::worker::EnterWorkerArgs {
    swreg_core::registration::worker::EnterWorkerArgs {
        username: "walkin01".into(),
        display_name: "阿依古丽·买买提".into(),
        id_number: "35020319900101123X".into(),
        phone: "13959200001".into(),
        email: String::new(),
        handover: swreg_core::accounts::staff::Handover::Show,
    }
}
