//! The layout of 《社会工作者登记申请表》: page 1 with the whole record, and continuation pages
//! for a 从业经历与业绩 too long for its cell. All sizes are in millimetres through [`mm`].

use printpdf::{Op, Pt, XObjectId, XObjectTransform};

use super::layout::{fit, mm, wrap, Align, Canvas, Fitted, Rect, PAGE_H, PAGE_W};
use super::{FormData, Fonts};
use crate::registration::record::fields::{FieldKey as K, Section};
use std::borrow::Cow;

const TITLE: &str = "社会工作者登记申请表";
const DECLARATION: &str = "本人承诺所填信息真实、准确，如有不实，愿意承担相应责任。";

/// Left edge and width of the bordered table.
const X0: f32 = 15.0;
const TABLE_W: f32 = 180.0;
/// The column of vertical section labels, then the grid: label, value, label, value, label,
/// value, and the photo column (1-inch photo plus a margin).
const SECTION_W: f32 = 9.0;
const COLS: [f32; 7] = [22.0, 28.0, 22.0, 24.0, 23.0, 24.0, 28.0];
const PHOTO_COL: usize = 6;
/// Where the table starts on page 1 and on continuation pages, and where it must end.
const TABLE_TOP: f32 = 30.0;
const CONT_TABLE_TOP: f32 = 32.0;
const TABLE_BOTTOM: f32 = 282.0;

const ROW_H: f32 = 9.5;
const MAX_ROW_H: f32 = 20.0;
const PAD_X: f32 = 1.0;
const PAD_Y: f32 = 0.8;
const LEADING: f32 = 1.25;
const LABEL_SIZE: (f32, f32) = (10.0, 7.0);
const VALUE_SIZE: (f32, f32) = (10.5, 6.0);
/// Sizes below which a row grows rather than shrinking its labels or values further.
const GROW_BELOW: (f32, f32) = (9.0, 10.0);
/// Largest and smallest size of 从业经历与业绩.
const EXPERIENCE_SIZE: (f32, f32) = (10.0, 8.0);
const EXPERIENCE_LEADING: f32 = 1.4;
const FIELDS_PER_ROW: usize = 6;
const FIELD_ROW_H: f32 = 6.5;
const DECLARATION_H: f32 = 22.0;
const REVIEW_H: f32 = 32.0;
const OUTER_LINE: f32 = 1.2;
const INNER_LINE: f32 = 0.5;

/// What one cell of the grid holds.
enum Content {
    Label(Cow<'static, str>),
    Value { field: &'static str, text: String },
}

struct Cell {
    col: usize,
    span: usize,
    content: Content,
}

fn label(col: usize, text: &'static str) -> Cell {
    Cell { col, span: 1, content: Content::Label(text.into()) }
}

/// One row of labelled values: (label column, label, columns the value spans, value). The
/// value sits right of its label.
fn row(pairs: &[(usize, &'static str, usize, &str)]) -> Vec<Cell> {
    let mut cells = Vec::new();
    for &(col, name, span, text) in pairs {
        cells.push(label(col, name));
        cells.push(Cell { col: col + 1, span, content: Content::Value { field: name, text: text.to_owned() } });
    }
    cells
}

fn col_x(col: usize) -> f32 {
    mm(X0 + SECTION_W + COLS[..col].iter().sum::<f32>())
}

fn span_w(col: usize, span: usize) -> f32 {
    mm(COLS[col..col + span].iter().sum::<f32>())
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

/// The text sizes a cell's content is drawn at, largest first.
fn sizes(content: &Content) -> ((f32, f32), Align, &str) {
    match content {
        Content::Label(t) => (LABEL_SIZE, Align::Center, t.as_ref()),
        Content::Value { text, .. } => (VALUE_SIZE, Align::Left, text.as_str()),
    }
}

/// The height a row needs so that no cell has to go below [`GROW_BELOW`] points.
fn row_height(fonts: &Fonts, cells: &[Cell], min: f32) -> f32 {
    let mut h = mm(min);
    for cell in cells {
        let (_, _, text) = sizes(&cell.content);
        let size = match cell.content {
            Content::Label(_) => GROW_BELOW.0,
            Content::Value { .. } => GROW_BELOW.1,
        };
        let w = span_w(cell.col, cell.span) - 2.0 * mm(PAD_X);
        let lines = wrap(fonts, text, size, w).len() as f32;
        h = h.max(lines * size * LEADING + 2.0 * mm(PAD_Y));
    }
    h.min(mm(MAX_ROW_H))
}

/// Draws one row of the grid at `y` with height `h` (points) and returns `h`.
fn draw_row(canvas: &mut Canvas, y: f32, h: f32, cells: &[Cell], warnings: &mut Vec<String>) -> f32 {
    for cell in cells {
        let rect = Rect::new(col_x(cell.col), y, span_w(cell.col, cell.span), h);
        draw_cell_text(canvas, rect, &cell.content, warnings);
        canvas.stroke_rect(rect, INNER_LINE);
    }
    h
}

fn draw_cell_text(canvas: &mut Canvas, rect: Rect, content: &Content, warnings: &mut Vec<String>) {
    let ((max, min), align, text) = sizes(content);
    if text.is_empty() {
        return;
    }
    let area = rect.inset(mm(PAD_X), mm(PAD_Y));
    let fitted = fit(canvas.fonts(), text, area.w, area.h, max, min, LEADING);
    if fitted.truncated {
        if let Content::Value { field, .. } = content {
            warnings.push(format!("{field}内容过长，打印时已截断"));
        }
    }
    canvas.draw_fitted(rect, area, &fitted, align, false);
}

/// A section label written top to bottom in the left column.
fn section_label(canvas: &mut Canvas, y: f32, h: f32, text: &str) {
    let rect = Rect::new(mm(X0), y, mm(SECTION_W), h);
    canvas.stroke_rect(rect, INNER_LINE);
    let chars: Vec<String> = text.chars().map(String::from).collect();
    let n = chars.len().max(1) as f32;
    let mut size: f32 = 11.0;
    let mut step = (size * 1.45).min((h - 2.0 * mm(PAD_Y)) / n);
    if step < size {
        size = step;
        step = (h - 2.0 * mm(PAD_Y)) / n;
    }
    let fitted = Fitted { size, line_height: step, lines: chars, truncated: false };
    canvas.draw_fitted(rect, rect.inset(mm(0.5), mm(PAD_Y)), &fitted, Align::Center, false);
}

/// The 1-inch photo centred in its cell, or "照片" when there is none.
pub(crate) struct PlacedPhoto {
    pub id: XObjectId,
    pub width: u32,
    pub height: u32,
}

fn draw_photo(canvas: &mut Canvas, cell: Rect, photo: Option<&PlacedPhoto>) {
    canvas.stroke_rect(cell, INNER_LINE);
    let frame = cell.inset(((cell.w - mm(25.0)) / 2.0).max(mm(0.8)), ((cell.h - mm(35.0)) / 2.0).max(mm(0.8)));
    match photo {
        Some(p) => {
            // Keep the photo's proportions inside the 25 × 35 mm frame.
            let scale = (frame.w / p.width as f32).min(frame.h / p.height as f32);
            let (w, h) = (p.width as f32 * scale, p.height as f32 * scale);
            let (x, y) = (frame.x + (frame.w - w) / 2.0, frame.y + (frame.h - h) / 2.0);
            canvas.push(Op::UseXobject {
                id: p.id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(Pt(x)),
                    translate_y: Some(Pt(PAGE_H - y - h)),
                    scale_x: Some(w),
                    scale_y: Some(h),
                    no_auto_scale: true,
                    ..Default::default()
                },
            });
        }
        None => {
            let fitted = Fitted { size: 11.0, line_height: 14.0, lines: vec!["照片".into()], truncated: false };
            canvas.draw_fitted(cell, frame, &fitted, Align::Center, false);
        }
    }
}

/// 执业领域: a tick box for every field, six to a line.
fn draw_fields(canvas: &mut Canvas, y: f32, fields: &[(String, bool)], row_h: f32) -> f32 {
    let rows = fields.len().div_ceil(FIELDS_PER_ROW).max(1);
    let h = row_h * rows as f32 + 2.0 * mm(PAD_Y);
    let label_cell = Rect::new(col_x(0), y, span_w(0, 1), h);
    draw_cell_text(canvas, label_cell, &Content::Label(K::Fields.label().into()), &mut Vec::new());
    canvas.stroke_rect(label_cell, INNER_LINE);
    let cell = Rect::new(col_x(1), y, span_w(1, COLS.len() - 1), h);
    canvas.stroke_rect(cell, INNER_LINE);
    let area = cell.inset(mm(PAD_X + 0.8), mm(PAD_Y));
    let slot_w = area.w / FIELDS_PER_ROW as f32;
    let side = mm(3.2).min(row_h * 0.8);
    for (i, (name, chosen)) in fields.iter().enumerate() {
        let (row, col) = (i / FIELDS_PER_ROW, i % FIELDS_PER_ROW);
        let slot = Rect::new(area.x + slot_w * col as f32, area.y + row_h * row as f32, slot_w, row_h);
        let center = slot.y + slot.h / 2.0;
        canvas.checkbox(slot.x, center - side / 2.0, side, *chosen);
        let text_area = Rect::new(slot.x + side + mm(1.0), slot.y, slot.w - side - mm(1.5), slot.h);
        let fitted = fit(canvas.fonts(), name, text_area.w, text_area.h, 10.0, 6.0, LEADING);
        canvas.draw_fitted(slot, text_area, &fitted, Align::Left, false);
    }
    h
}

/// The practice fields that fit in `room` points, and the height of their lines: 17 fields
/// always fit; a list too long for the page (no real record has one) is cut with a warning.
fn field_rows<'a>(fields: &'a [(String, bool)], room: f32, warnings: &mut Vec<String>) -> (&'a [(String, bool)], f32) {
    const MIN_ROW_H: f32 = 4.0;
    let rows = fields.len().div_ceil(FIELDS_PER_ROW).max(1);
    let room = room - 2.0 * mm(PAD_Y);
    let row_h = (room / rows as f32).min(mm(FIELD_ROW_H));
    if row_h >= mm(MIN_ROW_H) {
        return (fields, row_h);
    }
    let keep = ((room / mm(MIN_ROW_H)).floor().max(1.0) as usize) * FIELDS_PER_ROW;
    warnings.push(format!("{}过多，只打印了前{keep}项", K::Fields.label()));
    (&fields[..keep.min(fields.len())], mm(MIN_ROW_H))
}

/// "日期：＿＿年＿月＿日" with drawn blanks, ending at `right`; returns where it starts.
fn date_blanks(canvas: &mut Canvas, right: f32, center: f32, size: f32) -> f32 {
    let parts: [(&str, f32); 4] = [("日期：", 0.0), ("年", 16.0), ("月", 9.0), ("日", 9.0)];
    let total: f32 = parts.iter().map(|(t, blank)| canvas.fonts().width(t, size) + mm(*blank)).sum();
    let mut x = right - total;
    let start = x;
    for (text, blank) in parts {
        if blank > 0.0 {
            canvas.line(x, center + size * 0.55, x + mm(blank), center + size * 0.55, 0.5);
            x += mm(blank);
        }
        canvas.text_line(x, 0.0, center, size, Align::Left, text);
        x += canvas.fonts().width(text, size);
    }
    start
}

/// "申请人签名：＿＿＿＿" style caption with a drawn blank of `blank` mm, ending at `right`.
fn signature_blank(canvas: &mut Canvas, right: f32, center: f32, size: f32, caption: &str, blank: f32) {
    let x = right - mm(blank) - canvas.fonts().width(caption, size);
    canvas.text_line(x, 0.0, center, size, Align::Left, caption);
    canvas.line(right - mm(blank), center + size * 0.55, right, center + size * 0.55, 0.5);
}

fn draw_declaration(canvas: &mut Canvas, y: f32) {
    let h = mm(DECLARATION_H);
    section_label(canvas, y, h, "申请人承诺");
    let cell = Rect::new(col_x(0), y, span_w(0, COLS.len()), h);
    canvas.stroke_rect(cell, INNER_LINE);
    let area = cell.inset(mm(4.0), mm(PAD_Y));
    canvas.text_line(area.x + mm(7.0), 0.0, y + mm(6.5), 11.0, Align::Left, DECLARATION);
    let base = y + h - mm(5.5);
    let date_x = date_blanks(canvas, area.right(), base, 10.5);
    signature_blank(canvas, date_x - mm(12.0), base, 10.5, "申请人签名：", 38.0);
}

fn draw_review(canvas: &mut Canvas, y: f32) {
    let h = mm(REVIEW_H);
    section_label(canvas, y, h, "审核单位意见");
    let cell = Rect::new(col_x(0), y, span_w(0, COLS.len()), h);
    canvas.stroke_rect(cell, INNER_LINE);
    let area = cell.inset(mm(4.0), mm(PAD_Y));
    let seal_line = y + h - mm(14.0);
    canvas.text_line(area.x, area.w - mm(20.0), seal_line, 10.5, Align::Right, "审核单位（盖章）");
    let base = y + h - mm(5.5);
    date_blanks(canvas, area.right(), base, 10.5);
    signature_blank(canvas, area.x + mm(62.0), base, 10.5, "经办人签名：", 38.0);
}

/// The title, and a line above the table with `left` and `right` (shrunk if they would meet).
fn header(canvas: &mut Canvas, title: &str, title_size: f32, left: &str, right: &str, y: f32) {
    let tw = canvas.fonts().width(title, title_size);
    canvas.bold_text((PAGE_W - tw) / 2.0, mm(14.0) + title_size * 0.88, title_size, title);
    let room = mm(TABLE_W - 2.0 - 8.0);
    let natural = canvas.fonts().width(left, 1.0) + canvas.fonts().width(right, 1.0);
    let size = (10.5f32).min(room / natural.max(1.0)).max(7.0);
    let cell = Rect::new(mm(X0), mm(y) - mm(3.5), mm(TABLE_W), mm(7.0));
    let area = cell.inset(mm(1.0), 0.0);
    for (text, align) in [(left, Align::Left), (right, Align::Right)] {
        // Only absurd values need this: each side then gets half the line and ends in "…".
        let fits = natural * size <= room;
        let width = if fits { area.w } else { room / 2.0 };
        let fitted = fit(canvas.fonts(), text, width, size * LEADING, size, size, LEADING);
        canvas.draw_fitted(cell, area, &fitted, align, false);
    }
}

fn footer(canvas: &mut Canvas, page: usize, pages: usize) {
    let text = format!("第 {page} 页　共 {pages} 页");
    canvas.text_line(0.0, PAGE_W, mm(289.0), 9.0, Align::Center, &text);
}

fn registration_no(form: &FormData) -> String {
    form.registration_no.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "未登记".into())
}

/// 从业经历与业绩 broken into lines and spread over the pages it needs: the lines of page 1 and
/// of each continuation page.
struct Experience {
    size: f32,
    lines: Vec<String>,
    pages: Vec<std::ops::Range<usize>>,
}

impl Experience {
    fn line_height(&self) -> f32 {
        self.size * EXPERIENCE_LEADING
    }
}

fn text_area(cell: Rect) -> Rect {
    cell.inset(mm(PAD_X + 0.8), mm(PAD_Y + 1.0))
}

/// Lines that fit a text cell of height `cell_h` at `line_h`.
fn capacity(cell_h: f32, line_h: f32) -> usize {
    ((text_area(Rect::new(0.0, 0.0, 0.0, cell_h)).h / line_h).floor() as usize).max(2)
}

fn paginate_at(fonts: &Fonts, text: &str, size: f32, first_cell_h: f32) -> Experience {
    let width = text_area(Rect::new(0.0, 0.0, span_w(1, COLS.len() - 1), 0.0)).w;
    let line_h = size * EXPERIENCE_LEADING;
    let mut lines = if text.trim().is_empty() { Vec::new() } else { wrap(fonts, text.trim_end(), size, width) };
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut pages = Vec::new();
    let mut start = 0;
    let mut cap = capacity(first_cell_h, line_h);
    loop {
        let rest = lines.len() - start;
        // A page that does not end the text keeps its last line for "（未完，续见第n页）".
        let take = if rest <= cap { rest } else { cap - 1 };
        pages.push(start..start + take);
        start += take;
        if start >= lines.len() {
            break;
        }
        cap = capacity(mm(TABLE_BOTTOM - CONT_TABLE_TOP), line_h);
    }
    Experience { size, lines, pages }
}

/// The largest size that keeps the text on page 1 and one continuation page; a text that
/// needs more even at the smallest size takes as many pages as it needs.
fn paginate_experience(fonts: &Fonts, text: &str, first_cell_h: f32) -> Experience {
    let mut size = EXPERIENCE_SIZE.0;
    loop {
        let exp = paginate_at(fonts, text, size, first_cell_h);
        if exp.pages.len() <= 2 || size <= EXPERIENCE_SIZE.1 {
            return exp;
        }
        size -= 0.5;
    }
}

fn draw_experience(canvas: &mut Canvas, cell: Rect, exp: &Experience, page: usize) {
    let area = text_area(cell);
    let line_h = exp.line_height();
    let lines = exp.lines[exp.pages[page].clone()].to_vec();
    if !lines.is_empty() {
        let fitted = Fitted { size: exp.size, line_height: line_h, lines, truncated: false };
        let block = Rect::new(area.x, area.y, area.w, fitted.height());
        canvas.draw_fitted(cell, block, &fitted, Align::Left, true);
    }
    if page + 1 < exp.pages.len() {
        let note = format!("（未完，续见第{}页）", page + 2);
        let fitted = Fitted { size: 9.0, line_height: line_h, lines: vec![note], truncated: false };
        let slot = Rect::new(area.x, area.bottom() - line_h, area.w, line_h);
        canvas.draw_fitted(cell, slot, &fitted, Align::Right, false);
    }
}

/// The pages of one form.
pub(crate) fn draw<'f>(
    fonts: &'f Fonts,
    form: &FormData,
    photo: Option<&PlacedPhoto>,
    warnings: &mut Vec<String>,
) -> Vec<Canvas<'f>> {
    let mut page1 = Canvas::new(fonts);
    let c = &mut page1;
    let print_date = form.print_date.format("%Y年%-m月%-d日").to_string();
    let reg_no = format!("登记证号：{}", registration_no(form));
    header(c, TITLE, 18.0, &reg_no, &format!("打印日期：{print_date}"), 25.0);

    let f = form;
    let basic = [
        row(&[(0, K::Name.label(), 1, &f.name), (2, K::Sex.label(), 1, &f.sex), (4, K::BirthDate.label(), 1, &f.birth_date)]),
        row(&[(0, K::IdNumber.label(), 3, &f.id_number), (4, K::Ethnicity.label(), 1, &f.ethnicity)]),
        row(&[(0, K::NativePlace.label(), 3, &f.native_place), (4, K::Marital.label(), 1, &f.marital)]),
        row(&[
            (0, K::Political.label(), 1, &f.political),
            (2, K::Education.label(), 1, &f.education),
            (4, K::XiamenHukou.label(), 1, yes_no(f.xiamen_hukou)),
        ]),
        row(&[(0, K::School.label(), 3, &f.school), (4, K::GraduationDate.label(), 2, &f.graduation_date)]),
        row(&[(0, K::Major.label(), 3, &f.major), (4, K::WorkStartDate.label(), 2, &f.work_start_date)]),
    ];
    let contact = [
        row(&[(0, K::Address.label(), 6, &f.address)]),
        row(&[(0, K::Postcode.label(), 1, &f.postcode), (2, K::Mobile.label(), 1, &f.mobile), (4, K::OfficePhone.label(), 2, &f.office_phone)]),
        row(&[(0, K::Email.label(), 3, &f.email), (4, K::Qq.label(), 2, &f.qq)]),
    ];
    let (title, cert, date, scores) = match &f.title {
        Some(t) => {
            let scores: Vec<String> = t.scores.iter().map(|(s, v)| format!("{s}：{v}")).collect();
            (t.label.as_str(), t.cert_no.as_str(), t.date.as_str(), scores.join("　　"))
        }
        None => ("无", "", "", String::new()),
    };
    let practice = [
        row(&[
            (0, K::FullTime.label(), 1, yes_no(f.full_time)),
            (2, K::ServiceStartDate.label(), 1, &f.service_start_date),
            (4, K::Position.label(), 2, &f.position),
        ]),
        row(&[(0, K::District.label(), 1, &f.district), (2, K::Employer.label(), 4, &f.employer)]),
        row(&[(0, K::Title.label(), 1, title), (2, K::TitleDate.label(), 1, date), (4, K::TitleCertNo.label(), 2, cert)]),
        row(&[(0, "各科成绩", 6, &scores)]),
    ];

    // Rows grow for long values; if everything would not fit page 1, the growth shrinks (and the
    // text with it) so that the declaration and the review box always stay on the page.
    let budget = mm(TABLE_BOTTOM - TABLE_TOP - DECLARATION_H - REVIEW_H - 2.0 * ROW_H);
    let all_rows: Vec<&Vec<Cell>> = basic.iter().chain(&contact).chain(&practice).collect();
    let base = mm(ROW_H);
    let fixed = base * all_rows.len() as f32;
    let (fields, field_row_h) = field_rows(&form.fields, budget - fixed, warnings);
    let fields_h = field_row_h * fields.len().div_ceil(FIELDS_PER_ROW).max(1) as f32 + 2.0 * mm(PAD_Y);
    let mut heights: Vec<f32> = all_rows.iter().map(|r| row_height(fonts, r, ROW_H)).collect();
    let growth: f32 = heights.iter().map(|h| h - base).sum();
    let over = heights.iter().sum::<f32>() + fields_h - budget;
    if over > 0.0 && growth > 0.0 {
        let keep = ((growth - over) / growth).max(0.0);
        for h in &mut heights {
            *h = base + (*h - base) * keep;
        }
    }
    let mut heights = heights.into_iter();

    let mut y = mm(TABLE_TOP);
    // 基本信息, with the photo beside its first four rows.
    let top = y;
    let mut photo_bottom = y;
    for (i, row) in basic.iter().enumerate() {
        y += draw_row(c, y, heights.next().unwrap_or(base), row, warnings);
        if i == 3 {
            photo_bottom = y;
        }
    }
    draw_photo(c, Rect::new(col_x(PHOTO_COL), top, span_w(PHOTO_COL, 1), photo_bottom - top), photo);
    section_label(c, top, y - top, Section::Basic.label());

    let top = y;
    for row in &contact {
        y += draw_row(c, y, heights.next().unwrap_or(base), row, warnings);
    }
    section_label(c, top, y - top, Section::Contact.label());

    let top = y;
    for row in &practice {
        y += draw_row(c, y, heights.next().unwrap_or(base), row, warnings);
    }
    y += draw_fields(c, y, fields, field_row_h);

    // 从业经历与业绩 takes what is left above the declaration and the review box.
    let bottom = mm(TABLE_BOTTOM - DECLARATION_H - REVIEW_H);
    let exp_h = (bottom - y).max(mm(ROW_H) * 2.0);
    let exp = paginate_experience(fonts, &form.experience, exp_h);
    let pages = exp.pages.len();
    let exp_label = Rect::new(col_x(0), y, span_w(0, 1), exp_h);
    draw_cell_text(c, exp_label, &Content::Label(K::Experience.label().into()), warnings);
    c.stroke_rect(exp_label, INNER_LINE);
    let exp_cell = Rect::new(col_x(1), y, span_w(1, COLS.len() - 1), exp_h);
    draw_experience(c, exp_cell, &exp, 0);
    c.stroke_rect(exp_cell, INNER_LINE);
    y += exp_h;
    section_label(c, top, y - top, Section::Practice.label());

    draw_declaration(c, y);
    y += mm(DECLARATION_H);
    draw_review(c, y);
    y += mm(REVIEW_H);
    c.stroke_rect(Rect::new(mm(X0), mm(TABLE_TOP), mm(TABLE_W), y - mm(TABLE_TOP)), OUTER_LINE);
    footer(c, 1, pages);

    let mut out = vec![page1];
    for page in 1..pages {
        let mut canvas = Canvas::new(fonts);
        let c = &mut canvas;
        header(
            c,
            "社会工作者登记申请表（续页）",
            15.0,
            &format!("姓名：{}", form.name),
            &format!("登记证号：{}", registration_no(form)),
            26.0,
        );
        let top = mm(CONT_TABLE_TOP);
        let h = mm(TABLE_BOTTOM) - top;
        section_label(c, top, h, Section::Practice.label());
        let label_cell = Rect::new(col_x(0), top, span_w(0, 1), h);
        draw_cell_text(c, label_cell, &Content::Label(format!("{}（续）", K::Experience.label()).into()), warnings);
        c.stroke_rect(label_cell, INNER_LINE);
        let cell = Rect::new(col_x(1), top, span_w(1, COLS.len() - 1), h);
        draw_experience(c, cell, &exp, page);
        c.stroke_rect(cell, INNER_LINE);
        c.stroke_rect(Rect::new(mm(X0), top, mm(TABLE_W), h), OUTER_LINE);
        footer(c, page + 1, pages);
        out.push(canvas);
    }
    out
}
