//! 《社会工作者登记申请表》 as a printable PDF (A4 portrait), drawn with printpdf.
//!
//! The caller resolves a record to labels ([`FormData`]); [`render`] lays out one form,
//! [`render_many`] many forms in one document. Text is embedded as a subset of the shipped
//! Noto Sans CJK SC (assets/fonts/), so the PDF opens anywhere and its text can be copied.
//! A character the shipped font lacks is printed through a fallback font found on the system
//! (fonts-hanazono on Debian, SimSun-ExtB on Windows, or [`FALLBACK_ENV`]); if none has it, the
//! form shows an empty box in its place and [`Rendered::warnings`] says which character it is.
//!
//! Layout: title, 登记证号 and 打印日期; a bordered grid with the sections 基本信息 / 通讯信息 /
//! 执业信息 labelled in a vertical column; the photo in a 25 × 35 mm frame; 执业领域 as tick
//! boxes drawn with lines (the copyable text carries ☑/☐); 从业经历与业绩 wrapped in its cell and
//! continued on pages that repeat 姓名 and 登记证号; the applicant's declaration with signature and
//! date lines; and a box for 审核单位意见 with seal and date lines. Other long values wrap or shrink
//! within their cells, and are cut short with "…" and a warning only beyond the lengths the
//! record allows.

mod fonts;
mod form;
mod layout;
mod photo;

use std::collections::BTreeSet;

use chrono::Datelike;

use printpdf::{Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, PdfParseErrorSeverity};

pub use fonts::FALLBACK_ENV;
use fonts::Fonts;
use crate::registration::record::fields::FieldKey as K;

/// Everything one form prints, already resolved to labels (no codes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormData {
    /// 登记证号, e.g. 厦社登202600001; None before approval (prints 未登记).
    pub registration_no: Option<String>,
    pub print_date: chrono::NaiveDate,
    // 基本信息
    pub name: String,
    pub sex: String,
    pub id_number: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub xiamen_hukou: Option<bool>,
    pub native_place: String,
    pub marital: String,
    pub political: String,
    pub education: String,
    pub school: String,
    pub major: String,
    pub graduation_date: String,
    pub work_start_date: String,
    /// The 295×413 ID photo as JPEG (another JPEG or a PNG is accepted and converted).
    pub photo_jpeg: Option<Vec<u8>>,
    // 通讯信息
    pub address: String,
    pub postcode: String,
    pub mobile: String,
    pub office_phone: String,
    pub email: String,
    pub qq: String,
    // 执业信息
    pub full_time: Option<bool>,
    pub service_start_date: String,
    pub position: String,
    pub district: String,
    pub employer: String,
    pub title: Option<TitleData>,
    /// All 17 practice fields in order, with whether each is chosen.
    pub fields: Vec<(String, bool)>,
    /// 从业经历与业绩: up to 2000 characters, may contain newlines.
    pub experience: String,
}

/// 职称 with its certificate and the score of every exam subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleData {
    pub label: String,
    pub cert_no: String,
    pub date: String,
    /// (subject label, score text)
    pub scores: Vec<(String, String)>,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// For the person printing, in Chinese: characters printed through a fallback font or not
    /// printable at all, an unreadable photo, a value cut short. Empty when all is well.
    pub warnings: Vec<String>,
}

/// The message of the error [`render_many`] returns when `progress` asks it to stop.
pub const CANCELLED: &str = "已取消";

/// One form.
pub fn render(form: &FormData) -> crate::Result<Rendered> {
    render_many(std::slice::from_ref(form), &mut |_, _| true)
}

/// Many forms in one PDF, each starting on a new page. `progress(done, total)` is called after
/// each form is laid out; when it returns false the work stops and the result is
/// `Err(Error::Conflict("已取消"))` ([`CANCELLED`]). Writing the file (font subsetting, about
/// 10 ms) follows the last call. With several forms, each warning starts with the form's number
/// and name. An empty `forms` is an `Error::Conflict` too.
pub fn render_many(forms: &[FormData], progress: &mut dyn FnMut(usize, usize) -> bool) -> crate::Result<Rendered> {
    render_with(&Fonts::new()?, forms, progress)
}

/// printpdf always writes `/GTS_PDFXVersion` into the document info, empty when no conformance is
/// set, and readers then take the file for a PDF/X. The entry is overwritten with spaces (white
/// space between dictionary entries is allowed), which keeps every byte offset of the xref table.
fn blank_pdfx_claim(pdf: &mut [u8]) {
    const KEY: &[u8] = b"/GTS_PDFXVersion";
    let Some(at) = pdf.windows(KEY.len()).position(|w| w == KEY) else { return };
    let mut end = at + KEY.len();
    while pdf.get(end).is_some_and(|b| b.is_ascii_whitespace()) {
        end += 1;
    }
    // Only the empty string printpdf writes: a real value is left alone.
    if pdf.get(end..end + 2) == Some(b"()") {
        pdf[at..end + 2].fill(b' ');
    }
}

fn render_with(fonts: &Fonts, forms: &[FormData], progress: &mut dyn FnMut(usize, usize) -> bool) -> crate::Result<Rendered> {
    if forms.is_empty() {
        return Err(crate::Error::Conflict("没有要打印的登记表".into()));
    }
    let title = match forms {
        [one] => format!("社会工作者登记申请表-{}", clean(&one.name)),
        _ => "社会工作者登记申请表".to_owned(),
    };
    let mut doc = PdfDocument::new(&title);
    let info = &mut doc.metadata.info;
    info.creator = "社会工作者登记管理系统".into();
    info.producer = "社会工作者登记管理系统".into();
    // The document's date is the print date (printpdf writes it as UTC): the output depends on
    // its input only.
    let date = forms[0].print_date;
    info.creation_date = printpdf::OffsetDateTime {
        date: printpdf::Date { year: date.year(), month: date.month() as u8, day: date.day() as u8 },
        time: printpdf::Time { hour: 0, minute: 0, second: 0, millisecond: 0 },
        offset: printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    };
    info.modification_date = info.creation_date;
    info.metadata_date = info.creation_date;
    let mut pages = Vec::new();
    let mut faces = BTreeSet::new();
    let mut warnings = Vec::new();
    for (i, original) in forms.iter().enumerate() {
        let form = sanitized(original);
        let mut form_warnings = Vec::new();
        for (field, text) in printed_fields(&form) {
            fonts.check(field, &text, &mut form_warnings);
        }
        let photo = match &form.photo_jpeg {
            Some(bytes) => match photo::prepare(bytes) {
                Some(p) => Some(form::PlacedPhoto { id: doc.add_xobject(&p.xobject), width: p.width, height: p.height }),
                None => {
                    form_warnings.push("照片无法读取，打印件上照片处留空".to_owned());
                    None
                }
            },
            None => None,
        };
        for canvas in form::draw(fonts, &form, photo.as_ref(), &mut form_warnings) {
            faces.extend(canvas.used_faces.iter().copied());
            pages.push(PdfPage::new(Mm(210.0), Mm(297.0), canvas.into_ops()));
        }
        for w in form_warnings {
            let w = if forms.len() > 1 { format!("第{}份（{}）：{w}", i + 1, form.name) } else { w };
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        if !progress(i + 1, forms.len()) {
            return Err(crate::Error::Conflict(CANCELLED.into()));
        }
    }
    for face in faces {
        doc.resources.fonts.map.insert(layout::font_id(face), PdfFont::new(fonts.font(face).clone()));
    }
    let page_count = pages.len();
    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut save_warnings = Vec::new();
    let mut pdf = doc.with_pages(pages).save(&options, &mut save_warnings);
    blank_pdfx_claim(&mut pdf);
    // A font that could not be subset is embedded whole: a correct but 10 MB file. Say so.
    if let Some(w) = save_warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error && w.msg.contains("subset")) {
        return Err(crate::Error::Internal(format!("PDF 字体子集化失败：{}", w.msg)));
    }
    Ok(Rendered { pdf, pages: page_count, warnings })
}

/// Control characters become spaces and the ends are trimmed; only 从业经历与业绩 keeps line breaks.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned()
}

fn clean_multiline(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = s.split('\n').map(|l| clean(l).to_owned()).collect();
    lines.join("\n").trim().to_owned()
}

fn sanitized(f: &FormData) -> FormData {
    let c = |s: &String| clean(s);
    FormData {
        registration_no: f.registration_no.as_ref().map(c),
        print_date: f.print_date,
        name: c(&f.name),
        sex: c(&f.sex),
        id_number: c(&f.id_number),
        birth_date: c(&f.birth_date),
        ethnicity: c(&f.ethnicity),
        xiamen_hukou: f.xiamen_hukou,
        native_place: c(&f.native_place),
        marital: c(&f.marital),
        political: c(&f.political),
        education: c(&f.education),
        school: c(&f.school),
        major: c(&f.major),
        graduation_date: c(&f.graduation_date),
        work_start_date: c(&f.work_start_date),
        photo_jpeg: f.photo_jpeg.clone(),
        address: c(&f.address),
        postcode: c(&f.postcode),
        mobile: c(&f.mobile),
        office_phone: c(&f.office_phone),
        email: c(&f.email),
        qq: c(&f.qq),
        full_time: f.full_time,
        service_start_date: c(&f.service_start_date),
        position: c(&f.position),
        district: c(&f.district),
        employer: c(&f.employer),
        title: f.title.as_ref().map(|t| TitleData {
            label: c(&t.label),
            cert_no: c(&t.cert_no),
            date: c(&t.date),
            scores: t.scores.iter().map(|(s, v)| (c(s), c(v))).collect(),
        }),
        fields: f.fields.iter().map(|(n, on)| (c(n), *on)).collect(),
        experience: clean_multiline(&f.experience),
    }
}

/// Every printed text with the name of its field, for the font coverage warnings.
fn printed_fields(f: &FormData) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = vec![
        ("登记证号", f.registration_no.clone().unwrap_or_default()),
        (K::Name.label(), f.name.clone()),
        (K::Sex.label(), f.sex.clone()),
        (K::IdNumber.label(), f.id_number.clone()),
        (K::BirthDate.label(), f.birth_date.clone()),
        (K::Ethnicity.label(), f.ethnicity.clone()),
        (K::NativePlace.label(), f.native_place.clone()),
        (K::Marital.label(), f.marital.clone()),
        (K::Political.label(), f.political.clone()),
        (K::Education.label(), f.education.clone()),
        (K::School.label(), f.school.clone()),
        (K::Major.label(), f.major.clone()),
        (K::GraduationDate.label(), f.graduation_date.clone()),
        (K::WorkStartDate.label(), f.work_start_date.clone()),
        (K::Address.label(), f.address.clone()),
        (K::Postcode.label(), f.postcode.clone()),
        (K::Mobile.label(), f.mobile.clone()),
        (K::OfficePhone.label(), f.office_phone.clone()),
        (K::Email.label(), f.email.clone()),
        (K::Qq.label(), f.qq.clone()),
        (K::ServiceStartDate.label(), f.service_start_date.clone()),
        (K::Position.label(), f.position.clone()),
        (K::District.label(), f.district.clone()),
        (K::Employer.label(), f.employer.clone()),
        (K::Fields.label(), f.fields.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("")),
        (K::Experience.label(), f.experience.clone()),
    ];
    if let Some(t) = &f.title {
        out.push((K::Title.label(), t.label.clone()));
        out.push((K::TitleCertNo.label(), t.cert_no.clone()));
        out.push((K::TitleDate.label(), t.date.clone()));
        let scores: String = t.scores.iter().map(|(s, v)| format!("{s}{v}")).collect();
        out.push(("各科成绩", scores));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_lose_control_characters_and_only_experience_keeps_lines() {
        let f = FormData {
            name: " 王\u{7}小明\n".into(),
            experience: "第一行\r\n第二行\t！\r\n".into(),
            ..Default::default()
        };
        let s = sanitized(&f);
        assert_eq!(s.name, "王 小明");
        assert_eq!(s.experience, "第一行\n第二行 ！");
    }

    #[test]
    fn without_any_font_for_a_character_the_form_still_prints_and_says_so() {
        let f = FormData { name: "李\u{20001}华".into(), ..Default::default() };
        let r = render_with(&Fonts::without_fallbacks().unwrap(), &[f], &mut |_, _| true).unwrap();
        assert_eq!(r.pages, 1);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].starts_with("姓名中的“\u{20001}”") && r.warnings[0].contains("空框"));
        assert!(r.pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn an_empty_record_prints_blank_cells() {
        let r = render(&FormData::default()).unwrap();
        assert_eq!((r.pages, r.warnings.len()), (1, 0), "{:?}", r.warnings);
    }

    #[test]
    fn extreme_values_stay_in_their_cells_and_are_reported() {
        let long = "很长的内容ABC".repeat(40);
        let f = FormData {
            registration_no: Some(long.clone()),
            name: long.clone(),
            id_number: long.clone(),
            address: long.clone(),
            employer: long.clone(),
            email: "x".repeat(400),
            title: Some(TitleData {
                label: long.clone(),
                cert_no: long.clone(),
                date: long.clone(),
                scores: (0..30).map(|i| (format!("科目{i}"), long.clone())).collect(),
            }),
            fields: (0..40).map(|i| (format!("{long}{i}"), i % 2 == 0)).collect(),
            experience: format!("{}\n{}", "段落\n".repeat(1500), "https://example.com/".repeat(40)),
            photo_jpeg: Some(b"not a photo".to_vec()),
            ..Default::default()
        };
        let fonts = Fonts::new().unwrap();
        let mut warnings = Vec::new();
        let pages = form::draw(&fonts, &sanitized(&f), None, &mut warnings);
        assert!(pages.len() > 2);
        for page in &pages {
            for (cell, block) in &page.placed {
                assert!(cell.contains(block), "{block:?} leaves {cell:?}");
            }
        }
        assert!(warnings.iter().any(|w| w.contains("姓名内容过长")), "{warnings:?}");
        let r = render(&f).unwrap();
        if let Some(dir) = std::env::var_os("SWREG_PDF_KEEP") {
            std::fs::write(std::path::Path::new(&dir).join("extreme.pdf"), &r.pdf).unwrap();
        }
        assert_eq!(r.pages, pages.len());
        assert!(r.warnings.iter().any(|w| w.contains("照片无法读取")), "{:?}", r.warnings);
    }

    #[test]
    fn nothing_to_print_is_an_error() {
        assert!(render_many(&[], &mut |_, _| true).is_err());
    }
}
