//! The ID photo as a PDF image. A baseline or progressive 8-bit grey or colour JPEG is embedded
//! as it is (DCTDecode: no decoding, no loss, no growth); anything else is decoded and
//! re-encoded as a colour JPEG.

use std::collections::BTreeMap;
use std::io::Cursor;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

/// A JPEG ready to embed.
pub(crate) struct Photo {
    pub width: u32,
    pub height: u32,
    pub xobject: ExternalXObject,
}

struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
}

/// Reads the frame header of a JPEG a PDF reader can decode as it is.
fn embeddable_jpeg(bytes: &[u8]) -> Option<JpegInfo> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        match marker {
            // Baseline, extended sequential and progressive Huffman frames.
            0xC0..=0xC2 => {
                let seg = bytes.get(i + 4..i + 2 + len).filter(|s| s.len() >= 6)?;
                let (precision, height, width, components) =
                    (seg[0], u16::from_be_bytes([seg[1], seg[2]]), u16::from_be_bytes([seg[3], seg[4]]), seg[5]);
                let ok = precision == 8 && height > 0 && width > 0 && matches!(components, 1 | 3);
                return ok.then_some(JpegInfo { width: width.into(), height: height.into(), components });
            }
            // Lossless, hierarchical or arithmetic-coded frames: not for PDF readers.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            0xD9 | 0xDA => return None, // end of image or scan before any frame header
            _ => i += 2 + len,
        }
    }
    None
}

fn reencode(bytes: &[u8]) -> Option<Vec<u8>> {
    let img = image::load_from_memory(bytes).ok()?.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut out), 88).encode_image(&img).ok()?;
    Some(out)
}

/// The photo as an image XObject, or None when the bytes are no image at all.
pub(crate) fn prepare(bytes: &[u8]) -> Option<Photo> {
    let (jpeg, info) = match embeddable_jpeg(bytes) {
        Some(info) => (bytes.to_vec(), info),
        None => {
            let jpeg = reencode(bytes)?;
            let info = embeddable_jpeg(&jpeg)?;
            (jpeg, info)
        }
    };
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let colour_space = if info.components == 1 { "DeviceGray" } else { "DeviceRGB" };
    let dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(info.width.into())),
        ("Height".to_owned(), DictItem::Int(info.height.into())),
        ("ColorSpace".to_owned(), name(colour_space)),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("Filter".to_owned(), name("DCTDecode")),
    ]);
    Some(Photo {
        width: info.width,
        height: info.height,
        xobject: ExternalXObject {
            stream: ExternalStream { dict, content: jpeg, compress: false },
            width: None,
            height: None,
            dpi: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), format).unwrap();
        out
    }

    #[test]
    fn a_jpeg_is_embedded_as_it_is_and_a_png_is_converted() {
        let rgb = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(295, 413, image::Rgb([200, 30, 30])));
        let jpeg = encode(rgb.clone(), image::ImageFormat::Jpeg);
        let photo = prepare(&jpeg).unwrap();
        assert_eq!((photo.width, photo.height), (295, 413));
        assert_eq!(photo.xobject.stream.content, jpeg);

        let png = encode(rgb, image::ImageFormat::Png);
        let photo = prepare(&png).unwrap();
        assert_eq!((photo.width, photo.height), (295, 413));
        assert_eq!(&photo.xobject.stream.content[..2], &[0xFF, 0xD8]);

        assert!(prepare(b"not an image").is_none());
        assert!(prepare(&[0xFF, 0xD8, 0xFF]).is_none());
    }
}
