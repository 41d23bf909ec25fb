//! One page of a list, and how a page request becomes LIMIT/OFFSET.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the filter on all pages.
    #[ts(type = "number")]
    pub total: i64,
}

/// LIMIT and OFFSET for a 1-based page; the page size is kept within 1–200.
pub fn limit_offset(page: u32, page_size: u32) -> (i64, i64) {
    let size = i64::from(page_size.clamp(1, 200));
    let page = i64::from(page.max(1));
    (size, (page - 1) * size)
}

/// A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use `ESCAPE '\'`).
pub fn like_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_one_based_and_clamped() {
        assert_eq!(limit_offset(1, 20), (20, 0));
        assert_eq!(limit_offset(3, 20), (20, 40));
        assert_eq!(limit_offset(0, 0), (1, 0));
        assert_eq!(limit_offset(2, 10_000), (200, 200));
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_pattern(" a%b_c\\ "), "%a\\%b\\_c\\\\%");
    }
}
