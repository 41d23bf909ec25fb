//! 个人照片: a JPEG or PNG, decoded for real, re-encoded as a 1-inch ID photo (295×413 JPEG)
//! without any of the original's metadata.

use crate::error::{Error, Result};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const WIDTH: u32 = 295;
pub const HEIGHT: u32 = 413;
const MIN_SIDE: u32 = 100;
/// A 48-megapixel phone camera fits; a few kilobytes of PNG declaring 12,000 × 12,000 do not, and
/// are refused from their header before any pixel is decoded.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side decoded; a longer one (a panorama, a header declaring 100,000 × 1) is
/// refused from the header too, with its own message rather than as a broken file.
pub const MAX_SIDE: u32 = 12_000;

fn refuse(message: &str) -> Error {
    Error::field("photo", message)
}

/// Checks and re-encodes an uploaded photo. The format is read from the bytes, never from the
/// file name, so a renamed file is judged by what it really is.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.is_empty() {
        return Err(refuse("照片文件是空的"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(refuse("照片文件不能超过5MB"));
    }
    let format = image::guess_format(bytes).map_err(|_| refuse("只支持JPEG或PNG格式的照片"))?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png) {
        return Err(refuse("只支持JPEG或PNG格式的照片"));
    }
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| refuse("照片文件已损坏或无法识别，请换一张"))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(refuse("照片像素过多（不能超过5000万像素），请缩小后再上传"));
    }
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(refuse("照片尺寸过大（长边不能超过12000像素），请缩小后再上传"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoded pixels (RGBA at most) of the largest photo allowed, and some room.
    limits.max_alloc = Some(MAX_PIXELS * 4 + (16 << 20));
    reader.limits(limits);
    let img = reader.decode().map_err(|_| refuse("照片文件已损坏或无法识别，请换一张"))?;
    if img.width() < MIN_SIDE || img.height() < MIN_SIDE {
        return Err(refuse("照片太小，请上传清晰的证件照"));
    }
    // Crop the middle to the 295:413 shape, then scale: faces are not stretched.
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = if u64::from(w) * u64::from(HEIGHT) > u64::from(h) * u64::from(WIDTH) {
        ((u64::from(h) * u64::from(WIDTH) / u64::from(HEIGHT)) as u32, h)
    } else {
        (w, (u64::from(w) * u64::from(HEIGHT) / u64::from(WIDTH)) as u32)
    };
    let cropped = img.crop_imm((w - cw) / 2, (h - ch) / 2, cw.max(1), ch.max(1));
    let photo = cropped.resize_exact(WIDTH, HEIGHT, FilterType::Lanczos3).to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&photo)
        .map_err(|e| Error::Internal(format!("照片编码失败：{e}")))?;
    Ok(out)
}

/// A data URL for showing a stored photo on the page.
pub fn data_url(jpeg: &[u8]) -> String {
    use base64::Engine;
    format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(jpeg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn message(e: Error) -> String {
        match e {
            Error::Invalid(f) => f[0].message.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn png_and_jpeg_become_a_295_by_413_jpeg() {
        for format in [ImageFormat::Png, ImageFormat::Jpeg] {
            let out = process(&encoded(800, 600, format)).unwrap();
            assert_eq!(image::guess_format(&out).unwrap(), ImageFormat::Jpeg);
            let img = image::load_from_memory(&out).unwrap();
            assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        }
    }

    #[test]
    fn metadata_is_stripped() {
        // A JPEG with an EXIF segment (APP1) right after SOI.
        let plain = encoded(400, 500, ImageFormat::Jpeg);
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10];
        with_exif.extend_from_slice(b"Exif\0\0GPS-SECRET");
        with_exif.extend_from_slice(&plain[2..]);
        let out = process(&with_exif).unwrap();
        assert!(!out.windows(4).any(|w| w == b"Exif"));
        assert!(!out.windows(10).any(|w| w == b"GPS-SECRET"));
    }

    #[test]
    fn disguised_corrupt_tiny_and_huge_files_are_refused() {
        assert!(message(process(b"GIF89a-not-allowed-here").unwrap_err()).contains("JPEG或PNG"));
        assert!(message(process(b"plain text renamed to photo.jpg").unwrap_err()).contains("JPEG或PNG"));
        let mut truncated = encoded(400, 500, ImageFormat::Png);
        truncated.truncate(truncated.len() / 3);
        assert!(message(process(&truncated).unwrap_err()).contains("损坏"));
        assert!(message(process(&encoded(50, 60, ImageFormat::Png)).unwrap_err()).contains("太小"));
        assert!(message(process(&vec![0xFF; MAX_BYTES + 1]).unwrap_err()).contains("5MB"));
        assert!(message(process(&[]).unwrap_err()).contains("空"));
    }
}
