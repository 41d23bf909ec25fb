//! Drawing primitives for one page: lines, boxes, text in the fonts of [`Fonts`], and fitting
//! text into a cell by wrapping and shrinking. Coordinates are points from the page's top-left
//! corner (y grows downwards) and are turned into PDF coordinates only when an op is emitted.

use std::collections::BTreeSet;

use printpdf::{
    Color, Codepoint, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, TextItem,
    TextMatrix, TextRenderingMode,
};

use super::fonts::{Face, Fonts};

pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * PT_PER_MM;
pub(crate) const PAGE_H: f32 = 297.0 * PT_PER_MM;

pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Where a CJK em box centred on a line puts its baseline: the ideographic em box runs from
/// 0.88 em above the baseline to 0.12 em below it.
const BASELINE_BELOW_CENTER: f32 = 0.38;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub(crate) fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }
    pub(crate) fn right(&self) -> f32 {
        self.x + self.w
    }
    pub(crate) fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// The same rectangle shrunk by `dx` on the left and right and `dy` at the top and bottom.
    pub(crate) fn inset(&self, dx: f32, dy: f32) -> Rect {
        Rect::new(self.x + dx, self.y + dy, (self.w - 2.0 * dx).max(0.0), (self.h - 2.0 * dy).max(0.0))
    }
    pub(crate) fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Text broken into lines at one size, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    pub size: f32,
    pub line_height: f32,
    pub lines: Vec<String>,
    /// The text did not fit even at the smallest size and was cut short (ending in "…").
    pub truncated: bool,
}

impl Fitted {
    pub(crate) fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }
}

/// The font ids a document gives the faces it uses. printpdf takes the first six characters
/// as the subset tag of the embedded font's name, which PDF wants as six capital letters.
pub(crate) fn font_id(face: Face) -> FontId {
    match face {
        Face::Main => FontId("SWREGA".into()),
        Face::Fallback(i) => {
            let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
            FontId(format!("SWRF{}{}", letter(i / 26), letter(i)))
        }
    }
}

/// The ops of one page being drawn.
pub(crate) struct Canvas<'f> {
    fonts: &'f Fonts,
    ops: Vec<Op>,
    /// Faces this page drew with.
    pub used_faces: BTreeSet<Face>,
    /// Every text block drawn with the cell it had to stay in (checked in debug builds).
    pub placed: Vec<(Rect, Rect)>,
}

fn pt(x: f32, y_from_top: f32) -> Point {
    Point { x: Pt(x), y: Pt(PAGE_H - y_from_top) }
}

impl<'f> Canvas<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Self {
        let black = Color::Greyscale(Greyscale::new(0.0, None));
        let ops = vec![Op::SetFillColor { col: black.clone() }, Op::SetOutlineColor { col: black }];
        Canvas { fonts, ops, used_faces: BTreeSet::new(), placed: Vec::new() }
    }

    pub(crate) fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    pub(crate) fn into_ops(self) -> Vec<Op> {
        self.ops
    }

    pub(crate) fn push(&mut self, op: Op) {
        self.ops.push(op);
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![LinePoint { p: pt(x1, y1), bezier: false }, LinePoint { p: pt(x2, y2), bezier: false }],
                is_closed: false,
            },
        });
    }

    pub(crate) fn polyline(&mut self, points: &[(f32, f32)], width: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: points.iter().map(|&(x, y)| LinePoint { p: pt(x, y), bezier: false }).collect(),
                is_closed: false,
            },
        });
    }

    pub(crate) fn stroke_rect(&mut self, r: Rect, width: f32) {
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        self.ops.push(Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: Pt(r.x),
                y: Pt(PAGE_H - r.bottom()),
                width: Pt(r.w),
                height: Pt(r.h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// One line of text with its baseline at `baseline`, starting at `x`. Characters the shipped
    /// font lacks come from a fallback font; one no font has is drawn as an empty box.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        let mut pen = x;
        let mut run = String::new();
        let mut run_face: Option<Face> = None;
        let mut run_x = x;
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let face = self.fonts.face_of(c);
            if face != run_face || face.is_none() {
                if let Some(f) = run_face {
                    self.show(f, run_x, baseline, size, std::mem::take(&mut run));
                }
                run_face = face;
                run_x = pen;
            }
            let advance = self.fonts.advance_em(c) * size;
            match face {
                Some(_) => run.push(c),
                None => {
                    // A visible "tofu" box, never a silent blank.
                    let b = Rect::new(pen + size * 0.1, baseline - size * 0.8, size * 0.8, size * 0.88);
                    self.stroke_rect(b, 0.6);
                }
            }
            pen += advance;
            if i + 1 == chars.len() {
                if let Some(f) = run_face {
                    self.show(f, run_x, baseline, size, std::mem::take(&mut run));
                }
            }
        }
    }

    fn show(&mut self, face: Face, x: f32, baseline: f32, size: f32, text: String) {
        if text.is_empty() {
            return;
        }
        self.used_faces.insert(face);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(font_id(face)), size: Pt(size) },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(PAGE_H - baseline)) },
            Op::ShowText { items: vec![TextItem::Text(text)] },
            Op::EndTextSection,
        ]);
    }

    /// Text drawn thicker by also stroking its outline: the form ships one weight only.
    pub(crate) fn bold_text(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(size * 0.03) });
        self.text(x, baseline, size, text);
        self.ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
    }

    /// Text that is not painted but can be copied and searched, e.g. "☑" over a drawn tick box.
    /// `glyph_of` is a character of the main font whose glyph carries it.
    pub(crate) fn invisible_text(&mut self, x: f32, baseline: f32, size: f32, glyph_of: char, text: &str) {
        let Some(gid) = self.fonts.glyph_id(Face::Main, glyph_of) else { return };
        self.used_faces.insert(Face::Main);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetTextRenderingMode { mode: TextRenderingMode::Invisible },
            Op::SetFont { font: PdfFontHandle::External(font_id(Face::Main)), size: Pt(size) },
            Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(PAGE_H - baseline)) },
            Op::ShowText { items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(gid, 0.0, text.to_owned())])] },
            Op::SetTextRenderingMode { mode: TextRenderingMode::Fill },
            Op::EndTextSection,
        ]);
    }

    /// One line of text centred vertically on `center_y`, aligned within `[x, x + w]`.
    pub(crate) fn text_line(&mut self, x: f32, w: f32, center_y: f32, size: f32, align: Align, text: &str) {
        let tw = self.fonts.width(text, size);
        let tx = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(tx, center_y + BASELINE_BELOW_CENTER * size, size, text);
    }

    /// Draws fitted lines in `area` (the cell minus its padding), centred vertically unless
    /// `top_aligned`, and records the block so tests can check that it stayed inside `cell`.
    pub(crate) fn draw_fitted(&mut self, cell: Rect, area: Rect, fitted: &Fitted, align: Align, top_aligned: bool) {
        let top = if top_aligned { area.y } else { area.y + (area.h - fitted.height()).max(0.0) / 2.0 };
        let mut widest: f32 = 0.0;
        for (i, line) in fitted.lines.iter().enumerate() {
            let center = top + fitted.line_height * (i as f32 + 0.5);
            widest = widest.max(self.fonts.width(line, fitted.size));
            self.text_line(area.x, area.w, center, fitted.size, align, line);
        }
        let block_x = match align {
            Align::Left => area.x,
            Align::Center => area.x + (area.w - widest) / 2.0,
            Align::Right => area.right() - widest,
        };
        let block = Rect::new(block_x, top, widest, fitted.height());
        debug_assert!(cell.contains(&block), "text {:?} at {block:?} leaves its cell {cell:?}", fitted.lines);
        self.placed.push((cell, block));
    }

    /// A tick box of side `side` with its top-left corner at (x, y); the tick is drawn as
    /// lines so it prints whatever the font has. "☑"/"☐" go with it as invisible text.
    pub(crate) fn checkbox(&mut self, x: f32, y: f32, side: f32, checked: bool) {
        self.stroke_rect(Rect::new(x, y, side, side), 0.6);
        if checked {
            let p = |fx: f32, fy: f32| (x + side * fx, y + side * fy);
            self.polyline(&[p(0.2, 0.5), p(0.42, 0.75), p(0.82, 0.22)], 1.1);
        }
        let (glyph, text) = if checked { ('■', "☑") } else { ('□', "☐") };
        self.invisible_text(x, y + side * 0.88, side, glyph, text);
    }
}

/// Characters that must not begin a line (closing punctuation).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）】》」』”’…—～%·,.;:?!)]}".contains(c)
}

/// Characters that must not end a line (opening punctuation).
fn no_line_end(c: char) -> bool {
    "（【《「『“‘([{".contains(c)
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "@._-+/:".contains(c)
}

/// Breaks `text` into lines no wider than `width` at `size`. Newlines start new lines; ASCII
/// words stay whole when they fit a line; closing punctuation never starts a line.
pub(crate) fn wrap(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut cur: Vec<(char, f32)> = Vec::new();
        let mut cur_w = 0.0;
        for c in paragraph.chars() {
            let w = fonts.advance_em(c) * size;
            if cur.is_empty() || cur_w + w <= width + 0.01 {
                if !(cur.is_empty() && c == ' ' && !lines.is_empty()) {
                    cur.push((c, w));
                    cur_w += w;
                }
                continue;
            }
            // Where to break: before c, or earlier to keep a word or punctuation together.
            let mut k = cur.len();
            if is_word_char(c) {
                let start = cur.iter().rposition(|&(d, _)| !is_word_char(d)).map_or(0, |p| p + 1);
                if start > 0 {
                    k = start;
                }
            } else if no_line_start(c) && cur.len() > 1 {
                k = cur.len() - 1;
            }
            if k == cur.len() && cur.len() > 1 && no_line_end(cur[cur.len() - 1].0) {
                k = cur.len() - 1;
            }
            let carried: f32 = cur[k..].iter().map(|&(_, w)| w).sum();
            if carried + w > width + 0.01 {
                k = cur.len();
            }
            let rest: Vec<(char, f32)> = cur.split_off(k);
            lines.push(cur.iter().map(|&(c, _)| c).collect::<String>().trim_end().to_owned());
            cur = rest;
            if c != ' ' || !cur.is_empty() {
                cur.push((c, w));
            }
            cur_w = cur.iter().map(|&(_, w)| w).sum();
        }
        lines.push(cur.iter().map(|&(c, _)| c).collect::<String>().trim_end().to_owned());
    }
    lines
}

/// Fits `text` into a `width` × `height` area: one line at `max_size` or slightly smaller if it
/// fits, otherwise wrapped lines, shrinking down to `min_size`; cut short with "…" if even
/// that is not enough.
pub(crate) fn fit(fonts: &Fonts, text: &str, width: f32, height: f32, max_size: f32, min_size: f32, leading: f32) -> Fitted {
    let sizes = || {
        let steps = ((max_size - min_size) / 0.5).round() as usize;
        (0..=steps).map(move |i| max_size - 0.5 * i as f32)
    };
    if !text.contains('\n') {
        let natural = fonts.width(text, 1.0);
        // Numbers, codes and addresses in Latin letters would break badly: they may shrink more.
        let single_min = if text.chars().all(|c| c.is_ascii_graphic()) { min_size.max(7.0) } else { max_size * 0.85 };
        for size in sizes().take_while(|&s| s >= single_min) {
            if natural * size <= width + 0.01 && size * leading <= height + 0.01 {
                return Fitted { size, line_height: size * leading, lines: vec![text.to_owned()], truncated: false };
            }
        }
    }
    for size in sizes() {
        let lines = wrap(fonts, text, size, width);
        if lines.len() as f32 * size * leading <= height + 0.01 {
            return Fitted { size, line_height: size * leading, lines, truncated: false };
        }
    }
    let size = min_size;
    let line_height = size * leading;
    let keep = ((height + 0.01) / line_height).floor().max(1.0) as usize;
    let mut lines = wrap(fonts, text, size, width);
    lines.truncate(keep);
    if let Some(last) = lines.last_mut() {
        let ellipsis = fonts.width("…", size);
        while !last.is_empty() && fonts.width(last, size) + ellipsis > width {
            last.pop();
        }
        last.push('…');
    }
    Fitted { size, line_height, lines, truncated: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::without_fallbacks().unwrap()
    }

    #[test]
    fn wrapping_keeps_words_and_punctuation_in_place() {
        let f = fonts();
        // Ten ideographs a line.
        let lines = wrap(&f, "一二三四五六七八九十，一二三", 10.0, 100.0);
        assert_eq!(lines, vec!["一二三四五六七八九", "十，一二三"]);
        let lines = wrap(&f, "邮箱地址 someone@example.com 可用", 10.0, 140.0);
        assert_eq!(lines, vec!["邮箱地址", "someone@example.com 可用"]);
        let lines = wrap(&f, "第一段\n\n第三段", 10.0, 100.0);
        assert_eq!(lines, vec!["第一段", "", "第三段"]);
        for line in wrap(&f, &"很长的文字".repeat(50), 10.0, 100.0) {
            assert!(f.width(&line, 10.0) <= 100.01);
        }
    }

    #[test]
    fn fitting_shrinks_then_wraps_then_truncates() {
        let f = fonts();
        let one = fit(&f, "厦门市思明区", 200.0, 20.0, 10.0, 6.0, 1.2);
        assert_eq!((one.size, one.lines.len()), (10.0, 1));
        let long = fit(&f, &"长".repeat(40), 100.0, 40.0, 10.0, 6.0, 1.2);
        assert!(long.lines.len() > 1 && long.height() <= 40.0 && !long.truncated, "{long:?}");
        let cut = fit(&f, &"长".repeat(400), 100.0, 20.0, 10.0, 6.0, 1.2);
        assert!(cut.truncated && cut.lines.last().unwrap().ends_with('…') && cut.height() <= 20.0);
    }
}
