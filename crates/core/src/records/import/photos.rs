//! Photos beside the sheet: a ZIP of `身份证号码.jpg` (or .jpeg, .png) files, in any folder of
//! the archive. Each is read through a cap and checked and re-encoded like an upload.

use crate::error::{Error, Result};
use crate::registration::photo;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The photos by ID number (upper-case X), as stored bytes, not yet checked.
pub(super) struct Photos {
    pub by_id: HashMap<String, Vec<u8>>,
}

/// The most files one ZIP may hold.
const MAX_FILES: usize = 200_000;

fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::field("photos", format!("无法读取照片压缩包：{what}"))
}

pub(super) fn read(path: &Path) -> Result<Photos> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(unreadable)?;
    if zip.len() > MAX_FILES {
        return Err(unreadable(format!("文件过多（不能超过{MAX_FILES}个）")));
    }
    let mut by_id = HashMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(unreadable)?;
        if !file.is_file() {
            continue;
        }
        let name = file.name().map_err(unreadable)?.rsplit(['/', '\\']).next().unwrap_or_default().to_owned();
        let Some((stem, ext)) = name.rsplit_once('.') else { continue };
        if !matches!(ext.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png") || stem.starts_with('.') {
            continue;
        }
        let mut data = Vec::new();
        // One byte over the cap says the photo is too large, without reading the rest.
        (&mut file).take(photo::MAX_BYTES as u64 + 1).read_to_end(&mut data).map_err(unreadable)?;
        by_id.insert(stem.trim().to_ascii_uppercase(), data);
    }
    Ok(Photos { by_id })
}
