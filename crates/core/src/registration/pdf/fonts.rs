//! The fonts the form prints with: the shipped Noto Sans CJK SC subset, and fallback fonts from
//! the system for the rare characters it lacks (see assets/fonts/README.md).
//!
//! Every font is parsed at most once per process and kept for its lifetime; a document refers to
//! them by [`Face`] and the serializer subsets each one to the glyphs the document uses.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use printpdf::ParsedFont;

/// Noto Sans CJK SC (SIL OFL 1.1), without Hangul and OpenType layout tables: see the README.
static MAIN_FONT_BYTES: &[u8] = include_bytes!("../../../../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// Environment variable naming extra fallback font files (separated like `PATH`), tried first.
pub const FALLBACK_ENV: &str = "SWREG_PDF_FALLBACK_FONTS";

/// A font a piece of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Face {
    Main,
    /// Index into the fallback candidates.
    Fallback(usize),
}

/// Which characters a candidate is worth loading for: loading a 30 MB font to look for a
/// character it cannot have wastes a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Planes {
    Basic,
    Supplementary,
    Any,
}

struct Candidate {
    path: PathBuf,
    index: usize,
    name: String,
    planes: Planes,
}

/// Freely licensed or system-supplied fonts with wide CJK coverage, most specific first.
fn candidates() -> &'static [(Candidate, OnceLock<Option<ParsedFont>>)] {
    static CANDIDATES: OnceLock<Vec<(Candidate, OnceLock<Option<ParsedFont>>)>> = OnceLock::new();
    CANDIDATES.get_or_init(|| {
        let mut list = Vec::new();
        if let Some(paths) = std::env::var_os(FALLBACK_ENV) {
            for path in std::env::split_paths(&paths) {
                let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                list.push(Candidate { path, index: 0, name, planes: Planes::Any });
            }
        }
        let known: [(&str, usize, &str, Planes); 7] = [
            // Debian/Ubuntu fonts-hanazono: CJK Extension B and beyond / the BMP (free licence).
            ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0, "花园明朝B", Planes::Supplementary),
            ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0, "花园明朝A", Planes::Basic),
            // Windows: SimSun-ExtB and MingLiU-ExtB cover Extension B; SimSun the BMP.
            ("C:\\Windows\\Fonts\\simsunb.ttf", 0, "SimSun-ExtB", Planes::Supplementary),
            ("C:\\Windows\\Fonts\\mingliub.ttc", 0, "MingLiU-ExtB", Planes::Supplementary),
            ("C:\\Windows\\Fonts\\simsun.ttc", 0, "宋体", Planes::Basic),
            // The full Noto Sans CJK SC from fonts-noto-cjk (Hangul, which the shipped subset drops).
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC", Planes::Any),
            ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC", Planes::Any),
        ];
        for (path, index, name, planes) in known {
            list.push(Candidate { path: PathBuf::from(path), index, name: name.to_owned(), planes });
        }
        list.into_iter().map(|c| (c, OnceLock::new())).collect()
    })
}

fn load_candidate(c: &Candidate) -> Option<ParsedFont> {
    let bytes = std::fs::read(&c.path).ok()?;
    let font = ParsedFont::from_bytes(&bytes, c.index, &mut Vec::new())?;
    font.has_source_bytes().then_some(font)
}

/// The shipped main font, parsed once.
pub(crate) fn main_font() -> crate::Result<&'static ParsedFont> {
    static MAIN: OnceLock<Option<ParsedFont>> = OnceLock::new();
    MAIN.get_or_init(|| ParsedFont::from_bytes(MAIN_FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| crate::Error::Internal("内置字体无法读取".into()))
}

fn glyph(font: &ParsedFont, c: char) -> Option<u16> {
    font.lookup_glyph_index(c as u32).filter(|&gid| gid != 0)
}

/// The fonts one rendering may use, and what it learned about their coverage.
pub(crate) struct Fonts {
    main: &'static ParsedFont,
    use_fallbacks: bool,
}

impl Fonts {
    pub(crate) fn new() -> crate::Result<Self> {
        Ok(Fonts { main: main_font()?, use_fallbacks: true })
    }

    /// Only the shipped font: what a machine without any fallback font prints.
    #[cfg(test)]
    pub(crate) fn without_fallbacks() -> crate::Result<Self> {
        Ok(Fonts { main: main_font()?, use_fallbacks: false })
    }

    pub(crate) fn font(&self, face: Face) -> &'static ParsedFont {
        match face {
            Face::Main => self.main,
            Face::Fallback(i) => candidates()[i].1.get().and_then(Option::as_ref).unwrap_or(self.main),
        }
    }

    /// The font that has `c`, or None when no available font does.
    pub(crate) fn face_of(&self, c: char) -> Option<Face> {
        if glyph(self.main, c).is_some() {
            return Some(Face::Main);
        }
        if !self.use_fallbacks {
            return None;
        }
        let supplementary = (c as u32) > 0xFFFF;
        for (i, (cand, slot)) in candidates().iter().enumerate() {
            let wanted = match cand.planes {
                Planes::Any => true,
                Planes::Basic => !supplementary,
                Planes::Supplementary => supplementary,
            };
            if !wanted {
                continue;
            }
            if let Some(font) = slot.get_or_init(|| load_candidate(cand)) {
                if glyph(font, c).is_some() {
                    return Some(Face::Fallback(i));
                }
            }
        }
        None
    }

    pub(crate) fn face_name(&self, face: Face) -> &'static str {
        match face {
            Face::Main => "Noto Sans CJK SC",
            Face::Fallback(i) => candidates()[i].0.name.as_str(),
        }
    }

    pub(crate) fn glyph_id(&self, face: Face, c: char) -> Option<u16> {
        glyph(self.font(face), c)
    }

    /// Advance of `c` in em; a character no font has is drawn as a one-em empty box.
    pub(crate) fn advance_em(&self, c: char) -> f32 {
        match self.face_of(c) {
            Some(face) => {
                let font = self.font(face);
                let upm = f32::from(font.font_metrics.units_per_em.max(1));
                let gid = glyph(font, c).unwrap_or(0);
                f32::from(font.get_horizontal_advance(gid)) / upm
            }
            None => 1.0,
        }
    }

    /// Width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// Warnings (in Chinese, for the person printing) about the characters of one field that the
    /// shipped font lacks: printed through a fallback font, or not printable at all.
    pub(crate) fn check(&self, field: &str, text: &str, warnings: &mut Vec<String>) {
        let mut seen = BTreeSet::new();
        for c in text.chars() {
            if c.is_control() || c.is_whitespace() || !seen.insert(c) || glyph(self.main, c).is_some() {
                continue;
            }
            let message = match self.face_of(c) {
                Some(face) => format!("{field}中的“{c}”字体缺字，已用备用字体（{}）打印", self.face_name(face)),
                None => format!(
                    "{field}中的“{c}”（U+{:04X}）字体缺字，本机也没有能显示它的备用字体：打印件上以空框代替，请手工补写",
                    c as u32
                ),
            };
            if !warnings.contains(&message) {
                warnings.push(message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_font_has_the_common_and_the_name_characters() {
        let fonts = Fonts::without_fallbacks().unwrap();
        for c in "社会工作者登记申请表厦门市思明区0123456789ABCxyz·：（）、，。𠈌".chars() {
            assert_eq!(fonts.face_of(c), Some(Face::Main), "{c}");
        }
        assert!((fonts.advance_em('社') - 1.0).abs() < 1e-3);
    }

    #[test]
    fn a_character_no_font_has_is_reported_not_dropped() {
        let fonts = Fonts::without_fallbacks().unwrap();
        let mut warnings = Vec::new();
        fonts.check("姓名", "王\u{20001}", &mut warnings);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("姓名中的“\u{20001}”") && warnings[0].contains("空框"), "{}", warnings[0]);
        assert_eq!(fonts.advance_em('\u{20001}'), 1.0);
    }
}
