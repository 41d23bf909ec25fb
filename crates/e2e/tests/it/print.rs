//! 信息预览打印 through the real window: the pages show, and 保存PDF writes a form whose text
//! reads back with poppler.

use crate::accounts::login;
use crate::harness::{test_app, App};
use crate::record::photo_file;
use crate::workflow::prepare;

#[tokio::test(flavor = "multi_thread")]
async fn worker_previews_and_saves_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let photo = photo_file(dir.path());
    prepare(&data, &photo);
    let save_dir = out.display().to_string();
    let mut app = App::start_with(&test_app(), &data, "print", &[("SWREG_TEST_SAVE_DIR", save_dir.as_str())]).await;
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-print").await;
    app.el("print-page-1").await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    app.shot("print-preview").await;
    app.click("print-save").await;
    app.wait_text("社会工作者登记申请表-林美").await;
    app.quit().await;

    let saved = out.join("社会工作者登记申请表-林美.pdf");
    assert!(saved.exists(), "saved under the default name in {}", out.display());
    let text = std::process::Command::new("pdftotext").arg(&saved).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in ["社会工作者登记申请表", "林美", "35020319900101123X", "厦门市思明区阳光社会工作服务中心", "未登记"] {
        assert!(text.contains(expected), "{expected} not in the PDF text:\n{text}");
    }
}
