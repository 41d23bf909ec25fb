//! Image captchas drawn by our own code: a small 5×7 bitmap font, scaled, sheared, slightly turned
//! and jittered, on a light background with lines and dots of noise, encoded as PNG.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use rand::Rng;

/// Width of the picture in pixels.
const WIDTH: u32 = 120;
/// Height of the picture in pixels.
const HEIGHT: u32 = 40;
/// Free space left and right of the characters.
const MARGIN: f32 = 6.0;
/// Characters in a random answer.
const ANSWER_LEN: usize = 4;

/// The characters of random answers: upper case letters and digits without look-alikes
/// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";

/// Columns and rows of a glyph.
const GLYPH_W: usize = 5;
const GLYPH_H: usize = 7;

/// A 5×7 bitmap font: each row is 5 bits, the highest bit the leftmost column.
/// It covers every digit and upper case letter, so that `draw` can show any alphanumeric answer;
/// random answers only use `ALPHABET`.
#[rustfmt::skip]
const FONT: [(u8, [u8; GLYPH_H]); 36] = [
    (b'0', [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110]),
    (b'1', [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110]),
    (b'2', [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111]),
    (b'3', [0b01110, 0b10001, 0b00001, 0b00110, 0b00001, 0b10001, 0b01110]),
    (b'4', [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010]),
    (b'5', [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110]),
    (b'6', [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110]),
    (b'7', [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000]),
    (b'8', [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110]),
    (b'9', [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100]),
    (b'A', [0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001]),
    (b'B', [0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110]),
    (b'C', [0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110]),
    (b'D', [0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110]),
    (b'E', [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111]),
    (b'F', [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000]),
    (b'G', [0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111]),
    (b'H', [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001]),
    (b'I', [0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110]),
    (b'J', [0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100]),
    (b'K', [0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001]),
    (b'L', [0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111]),
    (b'M', [0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001]),
    (b'N', [0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001]),
    (b'O', [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110]),
    (b'P', [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000]),
    (b'Q', [0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101]),
    (b'R', [0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001]),
    (b'S', [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110]),
    (b'T', [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100]),
    (b'U', [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110]),
    (b'V', [0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100]),
    (b'W', [0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010]),
    (b'X', [0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001]),
    (b'Y', [0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100]),
    (b'Z', [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111]),
];

/// A freshly drawn captcha: the answer and the PNG bytes of its picture.
pub struct Drawn {
    pub answer: String,
    pub png: Vec<u8>,
}

/// Draws a new captcha with a random answer of 4 characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B; upper case letters and digits).
pub fn draw_random() -> Drawn {
    let mut rng = rand::rng();
    let answer = random_answer(&mut rng);
    let png = draw(&answer, &mut rng);
    Drawn { answer, png }
}

/// Draws the given answer (used by tests and by a test-only hook); the rng makes the noise.
///
/// Letters are drawn in upper case; characters the font does not know (anything but ASCII letters
/// and digits) leave their place empty.
pub fn draw(answer: &str, rng: &mut impl Rng) -> Vec<u8> {
    let mut img = background(rng);
    let chars: Vec<char> = answer.trim().chars().collect();
    if !chars.is_empty() {
        let (slot_w, scale) = layout(chars.len());
        for (i, c) in chars.iter().enumerate() {
            if let Some(rows) = glyph(*c) {
                let centre_x = MARGIN + slot_w * (i as f32 + 0.5);
                draw_glyph(&mut img, rows, centre_x, scale, rng);
            }
        }
    }
    draw_noise(&mut img, rng);
    encode_png(img)
}

/// Compares a typed answer with the expected one: trims, case-insensitive.
///
/// Full-width letters and digits (as typed with a Chinese input method in full-width mode) count
/// as their ASCII forms. An empty answer never matches.
pub fn answer_matches(expected: &str, typed: &str) -> bool {
    let expected = normalize(expected);
    let typed = normalize(typed);
    !expected.is_empty() && expected == typed
}

/// Trims, folds full-width ASCII forms (U+FF01..U+FF5E) to ASCII and lowers the case.
fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn random_answer(rng: &mut impl Rng) -> String {
    (0..ANSWER_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// The glyph rows of a character, if the font has it.
fn glyph(c: char) -> Option<&'static [u8; GLYPH_H]> {
    let c = c.to_ascii_uppercase();
    if !c.is_ascii() {
        return None;
    }
    FONT.iter().find(|(k, _)| char::from(*k) == c).map(|(_, rows)| rows)
}

/// The width of one character's slot and the font scale for an answer of `n` (≥ 1) characters.
fn layout(n: usize) -> (f32, f32) {
    let slot_w = (WIDTH as f32 - 2.0 * MARGIN) / n as f32;
    // Leave room in the slot for the shear, the turn and the jitter.
    let scale = [4u8, 3, 2]
        .into_iter()
        .find(|s| GLYPH_W as f32 * f32::from(*s) + 6.0 <= slot_w)
        .unwrap_or(1);
    (slot_w, f32::from(scale))
}

/// A light background with a faint horizontal gradient between two random light colours.
fn background(rng: &mut impl Rng) -> RgbImage {
    let from: [f32; 3] = std::array::from_fn(|_| rng.random_range(232.0..252.0));
    let to: [f32; 3] = std::array::from_fn(|_| rng.random_range(232.0..252.0));
    RgbImage::from_fn(WIDTH, HEIGHT, |x, _| {
        let t = x as f32 / (WIDTH - 1) as f32;
        Rgb(std::array::from_fn(|k| (from[k] + (to[k] - from[k]) * t).round() as u8))
    })
}

/// A random dark colour for a character: luminance well below 100.
fn dark_colour(rng: &mut impl Rng) -> [u8; 3] {
    loop {
        let c: [u8; 3] = std::array::from_fn(|_| rng.random_range(0..110));
        if luminance(c) < 80.0 {
            return c;
        }
    }
}

/// A random mid-tone colour for noise: never as dark as the characters.
fn noise_colour(rng: &mut impl Rng) -> [u8; 3] {
    loop {
        let c: [u8; 3] = std::array::from_fn(|_| rng.random_range(100..200));
        if luminance(c) >= 115.0 {
            return c;
        }
    }
}

fn luminance(c: [u8; 3]) -> f32 {
    0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32
}

/// Mixes `colour` into the pixel at (x, y) with weight `alpha` (0..=1); outside pixels are ignored.
fn blend(img: &mut RgbImage, x: i32, y: i32, colour: [u8; 3], alpha: f32) {
    if x < 0 || y < 0 || x >= WIDTH as i32 || y >= HEIGHT as i32 {
        return;
    }
    let px = img.get_pixel_mut(x as u32, y as u32);
    for (old, new) in px.0.iter_mut().zip(colour) {
        let o = *old as f32;
        *old = (o + (new as f32 - o) * alpha).round().clamp(0.0, 255.0) as u8;
    }
}

/// Whether the glyph has ink in cell (`col`, `row`); cells outside the grid are empty.
fn cell(rows: &[u8; GLYPH_H], col: i32, row: i32) -> bool {
    if col < 0 || row < 0 || col >= GLYPH_W as i32 || row >= GLYPH_H as i32 {
        return false;
    }
    rows[row as usize] >> (GLYPH_W - 1 - col as usize) & 1 == 1
}

/// The strokes of a glyph, in cell units: each inked cell's centre joined to its inked neighbours
/// to the right and below, and diagonally where the diagonal is the only link (so `K`, `V`, `7`
/// keep unbroken slanted strokes while square corners stay square). A lone cell is a dot.
fn strokes(rows: &[u8; GLYPH_H]) -> Vec<[(f32, f32); 2]> {
    let centre = |c: i32, r: i32| (c as f32 + 0.5, r as f32 + 0.5);
    let mut out = Vec::new();
    for r in 0..GLYPH_H as i32 {
        for c in 0..GLYPH_W as i32 {
            if !cell(rows, c, r) {
                continue;
            }
            out.push([centre(c, r), centre(c, r)]);
            if cell(rows, c + 1, r) {
                out.push([centre(c, r), centre(c + 1, r)]);
            }
            if cell(rows, c, r + 1) {
                out.push([centre(c, r), centre(c, r + 1)]);
            }
            for dc in [-1, 1] {
                if cell(rows, c + dc, r + 1) && !cell(rows, c + dc, r) && !cell(rows, c, r + 1) {
                    out.push([centre(c, r), centre(c + dc, r + 1)]);
                }
            }
        }
    }
    out
}

/// Squared distance from point `p` to the segment `s`.
fn distance_sq(p: (f32, f32), s: &[(f32, f32); 2]) -> f32 {
    let [(ax, ay), (bx, by)] = *s;
    let (dx, dy) = (bx - ax, by - ay);
    let len_sq = dx * dx + dy * dy;
    let t = if len_sq > 0.0 {
        (((p.0 - ax) * dx + (p.1 - ay) * dy) / len_sq).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (ax + dx * t - p.0, ay + dy * t - p.1);
    qx * qx + qy * qy
}

/// Draws one glyph centred near `centre_x`, with a random colour, offset, stroke width, shear,
/// small turn and a slight wave. Each pixel is mapped back into the glyph's grid and sampled 3×3
/// times, so edges are smooth.
fn draw_glyph(img: &mut RgbImage, rows: &[u8; GLYPH_H], centre_x: f32, scale: f32, rng: &mut impl Rng) {
    let strokes = strokes(rows);
    let colour = dark_colour(rng);
    // Half the stroke width, in cells.
    let radius: f32 = rng.random_range(0.38..0.48);
    let w = GLYPH_W as f32 * scale;
    let h = GLYPH_H as f32 * scale;
    let cx = centre_x + rng.random_range(-2.0..2.0);
    let cy = HEIGHT as f32 / 2.0 + rng.random_range(-2.5..2.5);
    let shear: f32 = rng.random_range(-0.28..0.28);
    let angle: f32 = rng.random_range(-0.12..0.12);
    let (sin, cos) = angle.sin_cos();
    let wave_amp: f32 = rng.random_range(0.2..0.8);
    let wave_freq: f32 = rng.random_range(0.2..0.4);
    let wave_phase: f32 = rng.random_range(0.0..std::f32::consts::TAU);

    // From a pixel to the glyph's grid, in cell units: undo the turn, then the shear and the wave.
    let to_cells = |px: f32, py: f32| {
        let (px, py) = (px - cx, py - cy);
        let rx = cos * px + sin * py;
        let ry = -sin * px + cos * py;
        let u = rx - shear * ry - wave_amp * (ry * wave_freq + wave_phase).sin();
        ((u + w / 2.0) / scale, (ry + h / 2.0) / scale)
    };
    let nearest = |p: (f32, f32)| {
        strokes
            .iter()
            .map(|s| distance_sq(p, s))
            .fold(f32::INFINITY, f32::min)
            .sqrt()
    };
    // How far (in cells) a point of a pixel can land from where its centre lands: half a pixel's
    // diagonal (0.71), stretched by at most 1 + shear + wave slope (< 1.6).
    let pixel_reach = 1.2 / scale;

    let reach = ((w / 2.0 + h / 2.0 * shear.abs() + 2.0).powi(2) + (h / 2.0).powi(2))
        .sqrt()
        .ceil() as i32
        + 1;
    let (x0, y0) = (cx.floor() as i32, cy.floor() as i32);
    const SUB: usize = 3;
    for y in (y0 - reach)..=(y0 + reach) {
        for x in (x0 - reach)..=(x0 + reach) {
            let d = nearest(to_cells(x as f32 + 0.5, y as f32 + 0.5));
            if d > radius + pixel_reach {
                continue;
            }
            if d < radius - pixel_reach {
                blend(img, x, y, colour, 1.0);
                continue;
            }
            // An edge pixel: sample it 3×3 times.
            let mut hits = 0;
            for sy in 0..SUB {
                for sx in 0..SUB {
                    let p = to_cells(
                        x as f32 + (sx as f32 + 0.5) / SUB as f32,
                        y as f32 + (sy as f32 + 0.5) / SUB as f32,
                    );
                    if strokes.iter().any(|s| distance_sq(p, s) <= radius * radius) {
                        hits += 1;
                    }
                }
            }
            if hits > 0 {
                blend(img, x, y, colour, hits as f32 / (SUB * SUB) as f32);
            }
        }
    }
}

/// Lines across the picture (straight and wavy) and scattered dots, in mid tones.
fn draw_noise(img: &mut RgbImage, rng: &mut impl Rng) {
    let (wf, hf) = (WIDTH as f32, HEIGHT as f32);
    for _ in 0..rng.random_range(2..4) {
        let colour = noise_colour(rng);
        let a = (rng.random_range(0.0..wf * 0.3), rng.random_range(0.0..hf));
        let b = (rng.random_range(wf * 0.7..wf), rng.random_range(0.0..hf));
        draw_line(img, a, b, colour);
    }
    for _ in 0..rng.random_range(1..3) {
        let colour = noise_colour(rng);
        let base = rng.random_range(hf * 0.25..hf * 0.75);
        let amp = rng.random_range(3.0..hf * 0.3);
        let freq = rng.random_range(0.03..0.09);
        let phase = rng.random_range(0.0..std::f32::consts::TAU);
        let at = |x: f32| base + amp * (x * freq + phase).sin();
        for x in 0..WIDTH {
            let x = x as f32;
            draw_line(img, (x, at(x)), (x + 1.0, at(x + 1.0)), colour);
        }
    }
    for _ in 0..rng.random_range(70..110) {
        let colour = noise_colour(rng);
        let x = rng.random_range(0..WIDTH as i32);
        let y = rng.random_range(0..HEIGHT as i32);
        blend(img, x, y, colour, rng.random_range(0.6..1.0));
    }
}

/// A one-pixel line from `a` to `b`, stepped along its longer axis.
fn draw_line(img: &mut RgbImage, a: (f32, f32), b: (f32, f32), colour: [u8; 3]) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let steps = dx.abs().max(dy.abs()).ceil().max(1.0) as i32;
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        let x = (a.0 + dx * t).round() as i32;
        let y = (a.1 + dy * t).round() as i32;
        blend(img, x, y, colour, 0.85);
    }
}

fn encode_png(img: RgbImage) -> Vec<u8> {
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .expect("encoding a PNG into a Vec in memory cannot fail");
    png
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    /// Pixels darker than this count as ink: characters are drawn darker, noise is drawn lighter.
    const DARK: f32 = 100.0;

    fn decode(png: &[u8]) -> RgbImage {
        image::load_from_memory(png)
            .expect("the captcha is a valid image")
            .to_rgb8()
    }

    /// Dark pixels in the slot of character `i` of `n`.
    fn dark_in_slot(img: &RgbImage, n: usize, i: usize) -> usize {
        let (slot_w, _) = layout(n);
        let left = (MARGIN + slot_w * i as f32).round() as u32;
        let right = (MARGIN + slot_w * (i + 1) as f32).round() as u32;
        (left..right.min(WIDTH))
            .flat_map(|x| (0..HEIGHT).map(move |y| (x, y)))
            .filter(|&(x, y)| luminance(img.get_pixel(x, y).0) < DARK)
            .count()
    }

    #[test]
    fn alphabet_has_no_look_alikes_and_every_character_has_a_glyph() {
        for c in b"0O1IL2Z5S8B" {
            assert!(!ALPHABET.contains(c), "{} is a look-alike", char::from(*c));
        }
        for (i, c) in ALPHABET.iter().enumerate() {
            assert!(c.is_ascii_uppercase() || c.is_ascii_digit());
            assert!(!ALPHABET[i + 1..].contains(c), "{} twice", char::from(*c));
            assert!(glyph(char::from(*c)).is_some(), "no glyph for {}", char::from(*c));
        }
        for (i, (a, rows_a)) in FONT.iter().enumerate() {
            assert!(
                rows_a.iter().all(|r| *r < 1 << GLYPH_W),
                "{} is too wide",
                char::from(*a)
            );
            for (b, rows_b) in &FONT[i + 1..] {
                assert_ne!(a, b);
                assert_ne!(
                    rows_a,
                    rows_b,
                    "{} and {} look the same",
                    char::from(*a),
                    char::from(*b)
                );
            }
        }
    }

    #[test]
    fn random_answer_has_four_characters_from_the_alphabet() {
        for _ in 0..10 {
            let drawn = draw_random();
            assert_eq!(drawn.answer.chars().count(), ANSWER_LEN);
            assert!(drawn.answer.bytes().all(|b| ALPHABET.contains(&b)), "{}", drawn.answer);
            assert!(!drawn.png.is_empty());
        }
        let mut rng = rand::rng();
        for _ in 0..1000 {
            let answer = random_answer(&mut rng);
            assert_eq!(answer.len(), ANSWER_LEN);
            assert!(answer.bytes().all(|b| ALPHABET.contains(&b)), "{answer}");
        }
    }

    #[test]
    fn picture_is_a_png_of_the_right_size() {
        let drawn = draw_random();
        assert_eq!(&drawn.png[..8], b"\x89PNG\r\n\x1a\n");
        let img = image::load_from_memory(&drawn.png).expect("decodes");
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
    }

    #[test]
    fn two_draws_of_the_same_answer_differ() {
        let a = draw("K7QE", &mut rand::rng());
        let b = draw("K7QE", &mut rand::rng());
        assert_ne!(a, b);
        assert_ne!(decode(&a), decode(&b));
    }

    #[test]
    fn same_seed_draws_the_same_picture() {
        let a = draw("K7QE", &mut StdRng::seed_from_u64(7));
        let b = draw("K7QE", &mut StdRng::seed_from_u64(7));
        assert_eq!(a, b);
    }

    #[test]
    fn every_character_leaves_ink_in_its_place() {
        let mut rng = StdRng::seed_from_u64(42);
        // Every glyph of the alphabet, in every position, over many random draws.
        for round in 0..30 {
            let answer: String = (0..ANSWER_LEN)
                .map(|i| char::from(ALPHABET[(round * ANSWER_LEN + i) % ALPHABET.len()]))
                .collect();
            let img = decode(&draw(&answer, &mut rng));
            for i in 0..ANSWER_LEN {
                let dark = dark_in_slot(&img, ANSWER_LEN, i);
                assert!(dark >= 60, "{answer}: character {i} has only {dark} dark pixels");
            }
        }
    }

    #[test]
    fn noise_alone_is_not_dark() {
        // Without characters no slot reaches the ink threshold: the test above measures characters.
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..30 {
            let img = decode(&draw("", &mut rng));
            for i in 0..ANSWER_LEN {
                assert_eq!(dark_in_slot(&img, ANSWER_LEN, i), 0);
            }
        }
    }

    #[test]
    fn characters_stay_inside_the_picture() {
        // No ink touches the outer border: nothing is cut off.
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..100 {
            let answer = random_answer(&mut rng);
            let img = decode(&draw(&answer, &mut rng));
            for x in 0..WIDTH {
                for y in [0, HEIGHT - 1] {
                    assert!(luminance(img.get_pixel(x, y).0) >= DARK, "{answer}: ink at ({x}, {y})");
                }
            }
            for y in 0..HEIGHT {
                for x in [0, WIDTH - 1] {
                    assert!(luminance(img.get_pixel(x, y).0) >= DARK, "{answer}: ink at ({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn other_answers_still_draw() {
        let mut rng = StdRng::seed_from_u64(5);
        for answer in ["", "a", "1234567890", "hello world", "验证码", "X"] {
            let img = decode(&draw(answer, &mut rng));
            assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        }
        let lower = decode(&draw("k7qe", &mut rng));
        for i in 0..ANSWER_LEN {
            assert!(dark_in_slot(&lower, ANSWER_LEN, i) >= 60);
        }
    }

    #[test]
    fn answer_matches_trims_and_ignores_case() {
        assert!(answer_matches("K7QE", "K7QE"));
        assert!(answer_matches("K7QE", "k7qe"));
        assert!(answer_matches("K7QE", "  k7Qe\t\n"));
        assert!(answer_matches("K7QE", "\u{3000}K7QE\u{3000}"));
        assert!(answer_matches("K7QE", "ｋ７ｑＥ"));
    }

    #[test]
    fn answer_matches_refuses_wrong_and_empty_answers() {
        assert!(!answer_matches("K7QE", "K7QF"));
        assert!(!answer_matches("K7QE", "K7Q"));
        assert!(!answer_matches("K7QE", "K7QEE"));
        assert!(!answer_matches("K7QE", "K 7QE"));
        assert!(!answer_matches("K7QE", ""));
        assert!(!answer_matches("K7QE", "   "));
        assert!(!answer_matches("", ""));
        assert!(!answer_matches("  ", " "));
    }

    /// Writes a sample picture to look at: `CAPTCHA_SAMPLE=/tmp/sample.png cargo test write_sample`.
    #[test]
    fn write_sample() {
        if let Ok(path) = std::env::var("CAPTCHA_SAMPLE") {
            let drawn = draw_random();
            std::fs::write(&path, &drawn.png).expect("write the sample");
            eprintln!("{path}: {}", drawn.answer);
        }
    }
}
