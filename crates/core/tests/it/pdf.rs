//! 《社会工作者登记申请表》 PDFs read back with poppler-utils (pdftotext, pdffonts, pdftoppm).
//!
//! The page-1 reference image is tests/fixtures/pdf/page1-full.png; after a deliberate layout
//! change, regenerate it with `SWREG_UPDATE_PDF_REFERENCE=1`, look at it, and commit it.
//! `SWREG_PDF_KEEP=<folder>` keeps the PDFs the tests make, for a human to look at.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use swreg_core::registration::pdf::{render, render_many, FormData, Rendered, TitleData, CANCELLED};

const FIELDS: [&str; 17] = [
    "民政", "教育", "司法", "社区", "残疾", "禁毒", "卫生", "青少年", "计生", "信访", "劳务工", "少数民族", "军队", "综治", "妇女",
    "老年人", "其它",
];
const CHOSEN: [&str; 4] = ["民政", "社区", "青少年", "老年人"];
/// CJK Extension B, in the shipped Noto Sans CJK SC.
const RARE_IN_FONT: char = '\u{2020C}';
/// CJK Extension B, not in Noto Sans CJK SC (HanaMinB has it).
const RARE_NOT_IN_FONT: char = '\u{20001}';

/// A 295×413 ID-photo-like JPEG: a head and shoulders on a blue background.
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(295, 413, |x, y| {
        let (fx, fy) = (x as f32 - 147.0, y as f32);
        let head = (fx / 70.0).powi(2) + ((fy - 170.0) / 90.0).powi(2) <= 1.0;
        let body = fy > 280.0 && fx.abs() < 40.0 + (fy - 280.0) * 0.9;
        if head {
            image::Rgb([236, 200, 170])
        } else if body {
            image::Rgb([40, 40, 60])
        } else {
            image::Rgb([60, 130, 210])
        }
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

fn full_record() -> FormData {
    FormData {
        registration_no: Some("厦社登202600001".into()),
        print_date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        name: "王晓明".into(),
        sex: "女".into(),
        id_number: "350203199003071246".into(),
        birth_date: "1990-03-07".into(),
        ethnicity: "汉族".into(),
        xiamen_hukou: Some(true),
        native_place: "福建省厦门市".into(),
        marital: "已婚".into(),
        political: "中国共产党党员".into(),
        education: "大学本科".into(),
        school: "厦门大学".into(),
        major: "社会工作".into(),
        graduation_date: "2012-07-01".into(),
        work_start_date: "2012-08-01".into(),
        photo_jpeg: Some(photo()),
        address: "厦门市思明区湖滨南路123号".into(),
        postcode: "361004".into(),
        mobile: "13812345678".into(),
        office_phone: "0592-5551234".into(),
        email: "wangxm@example.com".into(),
        qq: "12345678".into(),
        full_time: Some(false),
        service_start_date: "2012-09-01".into(),
        position: "一线社工".into(),
        district: "思明区".into(),
        employer: "厦门市思明区阳光社会工作服务中心".into(),
        title: Some(TitleData {
            label: "社工师".into(),
            cert_no: "2019350200123".into(),
            date: "2019-12-15".into(),
            scores: vec![("社会工作综合能力".into(), "82".into()), ("社会工作实务".into(), "76".into())],
        }),
        fields: FIELDS.iter().map(|f| (f.to_string(), CHOSEN.contains(f))).collect(),
        experience: "2012年起在思明区从事社区社会工作，负责困境儿童个案管理和长者服务。\n\
                     主持“阳光成长”青少年支持项目三年，服务青少年六百余人次，项目获评市级优秀社会工作服务项目。"
            .into(),
    }
}

fn longest_record() -> FormData {
    let mut f = full_record();
    f.photo_jpeg = None;
    f.registration_no = Some("厦社登202699999".into());
    f.address = "福建省厦门市思明区湖滨南路一百二十三号阳光花园小区十八号楼二单元一千八百零八室".repeat(3).chars().take(100).collect();
    f.employer = "厦门市思明区阳光社会工作服务中心暨青少年成长支持与社区治理创新研究院".repeat(3).chars().take(100).collect();
    let paragraphs = [
        "2012年7月毕业于厦门大学社会工作专业，同年进入思明区阳光社会工作服务中心，从事社区社会工作。任一线社工期间，负责辖区困境儿童、独居长者和残疾人家庭的个案管理，累计建立个案档案一百二十余份，开展入户探访八百余次，链接慈善、医疗和教育资源，协助四十余户家庭解决就学、就医和生活困难。",
        "2015年起担任青少年服务项目主管，主持“阳光成长”青少年支持项目三年，设计并实施学业辅导、生涯规划、亲子沟通等小组工作三十余期，服务青少年六百余人次；项目连续两年获评厦门市优秀社会工作服务项目，相关案例入选福建省社会工作优秀案例集。",
        "2018年起负责机构督导与培训工作，为新入职社工和社区志愿者开展专业培训四十余场，带领团队完成社区需求评估、服务成效评估等研究报告六份，参与编写《社区社会工作服务指南》，推动社区议事协商和邻里互助机制建设，服务经验在全市社区治理现场会上交流推广。",
    ];
    let mut exp = String::new();
    let mut i = 0;
    while exp.chars().count() < 2000 {
        exp.push_str(paragraphs[i % paragraphs.len()]);
        exp.push('\n');
        i += 1;
    }
    f.experience = exp.chars().take(2000).collect();
    f
}

struct Out {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
}

fn write(name: &str, r: &Rendered) -> Out {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&pdf, &r.pdf).unwrap();
    if let Some(keep) = std::env::var_os("SWREG_PDF_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(format!("{name}.pdf")), &r.pdf).unwrap();
    }
    Out { _dir: dir, pdf }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text of one page or all, in the order it was drawn (`-raw`): cell by cell, so a value
/// wrapped over several lines reads back in one piece.
fn text_of(pdf: &Path, page: Option<usize>) -> String {
    let p = pdf.to_str().unwrap();
    match page {
        Some(n) => run("pdftotext", &["-raw", "-f", &n.to_string(), "-l", &n.to_string(), p, "-"]),
        None => run("pdftotext", &["-raw", p, "-"]),
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn every_value(f: &FormData) -> Vec<String> {
    let t = f.title.clone().unwrap();
    let mut v = vec![
        f.registration_no.clone().unwrap(), f.name.clone(), f.sex.clone(), f.id_number.clone(), f.birth_date.clone(),
        f.ethnicity.clone(), f.native_place.clone(), f.marital.clone(), f.political.clone(), f.education.clone(),
        f.school.clone(), f.major.clone(), f.graduation_date.clone(), f.work_start_date.clone(), f.address.clone(),
        f.postcode.clone(), f.mobile.clone(), f.office_phone.clone(), f.email.clone(), f.qq.clone(),
        f.service_start_date.clone(), f.position.clone(), f.district.clone(), f.employer.clone(), t.label, t.cert_no, t.date,
        f.experience.clone(), "2026年3月5日".into(),
    ];
    v.extend(t.scores.iter().map(|(s, n)| format!("{s}：{n}")));
    v
}

#[test]
fn a_full_record_round_trips_through_pdftotext() {
    let form = full_record();
    let r = render(&form).unwrap();
    assert_eq!(r.pages, 1);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let out = write("full", &r);
    let text = squeeze(&text_of(&out.pdf, None));
    for value in every_value(&form) {
        assert!(text.contains(&squeeze(&value)), "{value:?} is not in the PDF text:\n{text}");
    }
    for label in ["社会工作者登记申请表", "基本信息", "通讯信息", "执业信息", "是否厦户是", "是否专职从事", "社会工作服务"] {
        assert!(text.contains(label), "{label}");
    }
    for field in FIELDS {
        let mark = if CHOSEN.contains(&field) { '☑' } else { '☐' };
        assert!(text.contains(&format!("{mark}{field}")), "{mark}{field} in {text}");
    }
    for part in ["本人承诺所填信息真实、准确", "申请人签名：", "日期：", "审核单位意见", "盖章"] {
        assert!(text.contains(part), "{part}");
    }
    // A plain PDF: no claim of a PDF/X (or other) conformance it does not meet.
    let info = run("pdfinfo", &[out.pdf.to_str().unwrap()]);
    assert!(!info.contains("PDF subtype") && !info.contains("PDF/X"), "{info}");
    assert!(info.contains("社会工作者登记管理系统"), "creator and producer: {info}");
}

/// (x0, y0, x1, y1, word) in points from the page's top-left corner.
type WordBox = (f32, f32, f32, f32, String);

/// Word boxes from `pdftotext -bbox`, per page.
fn word_boxes(pdf: &Path) -> Vec<Vec<WordBox>> {
    let html = run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |name: &str| -> f32 {
                let start = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                w[start..start + w[start..].find('"').unwrap()].parse().unwrap()
            };
            let text = w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_owned();
            words.push((attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"), text));
        }
        pages.push(words);
    }
    pages
}

#[test]
fn the_longest_texts_without_a_photo_continue_on_page_two() {
    let form = longest_record();
    let r = render(&form).unwrap();
    let out = write("longest", &r);
    assert!(r.warnings.is_empty(), "nothing is cut short: {:?}", r.warnings);
    assert_eq!(r.pages, 2);
    let page1 = squeeze(&text_of(&out.pdf, Some(1)));
    let page2 = squeeze(&text_of(&out.pdf, Some(2)));
    assert!(page1.contains("照片"), "the empty photo frame is labelled");
    assert!(page1.contains("续见第2页"));
    assert!(page2.contains(&format!("姓名：{}", form.name)), "{page2}");
    assert!(page2.contains("登记证号：厦社登202699999"), "{page2}");
    for value in [&form.address, &form.employer] {
        assert!(page1.contains(&squeeze(value)), "{value}");
    }
    // The whole experience text is printed, in order: page 1 up to the note, then page 2.
    let experience = squeeze(&form.experience);
    let head: String = experience.chars().take(10).collect();
    let start = page1.find(&head).expect("experience on page 1");
    let on_page1 = &page1[start..page1.find("（未完，续见第2页）").unwrap()];
    let label = "从业经历与业绩（续）";
    let on_page2 = &page2[page2.find(label).unwrap() + label.len()..page2.find("第2页").unwrap()];
    assert_eq!(format!("{on_page1}{on_page2}"), experience);

    // Nothing leaves the table, and no two words overlap (text spilling out of its cell would
    // run into its neighbours). Word boxes are font-high, so compare their middle band.
    let (left, right, top, bottom) = (15.0 * 72.0 / 25.4, 195.0 * 72.0 / 25.4, 10.0 * 72.0 / 25.4, 292.0 * 72.0 / 25.4);
    for (n, words) in word_boxes(&out.pdf).iter().enumerate() {
        for (i, a) in words.iter().enumerate() {
            assert!(a.0 >= left - 0.5 && a.2 <= right + 0.5 && a.1 >= top && a.3 <= bottom, "page {}: {a:?}", n + 1);
            let core = |w: &WordBox| {
                let h = w.3 - w.1;
                (w.0 + 0.5, w.1 + h * 0.3, w.2 - 0.5, w.3 - h * 0.3)
            };
            let ca = core(a);
            for b in &words[i + 1..] {
                let cb = core(b);
                let overlap = ca.0 < cb.2 && cb.0 < ca.2 && ca.1 < cb.3 && cb.1 < ca.3;
                assert!(!overlap, "page {}: {a:?} overlaps {b:?}", n + 1);
            }
        }
    }
}

#[test]
fn rare_name_characters_print_or_warn() {
    let mut form = full_record();
    form.name = format!("王{RARE_IN_FONT}明");
    let r = render(&form).unwrap();
    assert!(r.warnings.is_empty(), "the shipped font has {RARE_IN_FONT}: {:?}", r.warnings);
    let out = write("rare-in-font", &r);
    assert!(text_of(&out.pdf, None).contains(&form.name));

    form.name = format!("李{RARE_NOT_IN_FONT}华");
    let r = render(&form).unwrap();
    let out = write("rare-not-in-font", &r);
    let warning = r.warnings.iter().find(|w| w.starts_with(&format!("姓名中的“{RARE_NOT_IN_FONT}”"))).expect("a warning names the character");
    if Path::new("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf").exists() {
        assert!(warning.contains("已用备用字体"), "{warning}");
        assert!(text_of(&out.pdf, None).contains(&form.name), "printed through the fallback font");
        let fonts = run("pdffonts", &[out.pdf.to_str().unwrap()]);
        assert!(fonts.lines().count() >= 4, "main and fallback font embedded:\n{fonts}");
    } else {
        assert!(warning.contains("空框"), "{warning}");
    }
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let r = render(&full_record()).unwrap();
    assert!(r.pdf.len() < 150 * 1024, "{} bytes", r.pdf.len());
    let out = write("fonts", &r);
    let listing = run("pdffonts", &[out.pdf.to_str().unwrap()]);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "{listing}");
    for line in fonts {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type encoding emb sub uni object ID: the flags are the 5th to 3rd columns from the end.
        let n = cols.len();
        assert!(cols[0].contains('+'), "subset tag in {line}");
        assert_eq!((cols[n - 5], cols[n - 4], cols[n - 3]), ("yes", "yes", "yes"), "emb sub uni in {line}");
    }
}

/// Page 1 rasterised at 50 dpi in grey.
fn raster(pdf: &Path, page: usize) -> image::GrayImage {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let n = page.to_string();
    run("pdftoppm", &["-r", "50", "-gray", "-png", "-f", &n, "-l", &n, "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    image::open(prefix.with_extension("png")).unwrap().to_luma8()
}

fn mean_abs_diff(a: &image::GrayImage, b: &image::GrayImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a.pixels().zip(b.pixels()).map(|(p, q)| u64::from(p.0[0].abs_diff(q.0[0]))).sum();
    sum as f64 / f64::from(a.width() * a.height())
}

/// Mean absolute grey difference (0–255) allowed against the reference: anti-aliasing and
/// poppler versions move a few pixels; a moved line, row or block moves many more.
const MAX_MEAN_DIFF: f64 = 1.0;

#[test]
fn page_one_looks_like_the_reviewed_reference() {
    let reference_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/page1-full.png");
    let out = write("reference", &render(&full_record()).unwrap());
    let page = raster(&out.pdf, 1);
    if std::env::var_os("SWREG_UPDATE_PDF_REFERENCE").is_some() {
        std::fs::create_dir_all(reference_path.parent().unwrap()).unwrap();
        page.save(&reference_path).unwrap();
    }
    let reference = image::open(&reference_path).expect("reference image").to_luma8();
    let diff = mean_abs_diff(&page, &reference);
    assert!(diff < MAX_MEAN_DIFF, "page 1 differs from {}: mean difference {diff:.3}", reference_path.display());

    // The comparison does notice a layout change: the longest record differs clearly.
    let other = write("other", &render(&longest_record()).unwrap());
    let changed = mean_abs_diff(&raster(&other.pdf, 1), &reference);
    assert!(changed > MAX_MEAN_DIFF * 2.0, "a different page 1 differs by only {changed:.3}");
}

#[test]
fn many_forms_make_one_document_and_can_be_cancelled() {
    let forms = vec![full_record(), longest_record(), full_record()];
    let mut calls = Vec::new();
    let r = render_many(&forms, &mut |done, total| {
        calls.push((done, total));
        true
    })
    .unwrap();
    assert_eq!(calls, vec![(1, 3), (2, 3), (3, 3)]);
    let out = write("many", &r);
    assert_eq!(r.pages, 4, "1 + 2 + 1 pages");
    let info = run("pdfinfo", &[out.pdf.to_str().unwrap()]);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 4")), "{info}");
    assert!(squeeze(&text_of(&out.pdf, Some(4))).contains("王晓明"));

    let mut seen = 0;
    let err = render_many(&forms, &mut |done, _| {
        seen = done;
        done < 2
    })
    .unwrap_err();
    assert_eq!(seen, 2, "stops right after the form that was cancelled");
    assert!(matches!(&err, swreg_core::Error::Cancelled(m) if m == CANCELLED), "{err:?}");
}

#[test]
fn a_batch_beyond_the_limit_is_refused_in_words() {
    let f = crate::fixture::Fixture::new();
    let ids: Vec<i64> = (1..=(swreg_core::registration::print::MAX_BATCH as i64 + 1)).collect();
    let err = f
        .registry
        .batch_pdf(&f.admin.token, &swreg_core::registration::print::BatchPdfArgs { worker_ids: ids, purpose: "年度核查".into() }, &mut |_, _| true)
        .unwrap_err();
    assert!(matches!(&err, swreg_core::Error::Conflict(m) if m.contains("一次最多打印 2000 份")), "{err:?}");
}
