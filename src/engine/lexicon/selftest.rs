//! Every entry carries texts it must flag and texts it must leave alone
//! (prh's self-testing dictionaries): they are run for every built-in entry
//! by the tests and for every user entry when its pack loads, so a wrong
//! entry is caught where it is written, not in somebody's report.

use std::ops::Range;

use super::entry::{Boundary, Entry};
use crate::engine::segment;

/// Byte offsets where the segmenter puts a word boundary in `text`.
pub fn token_boundaries(text: &str) -> Vec<usize> {
    let mut b: Vec<usize> = segment::tokens(text).iter().map(|t| t.start).collect();
    b.push(text.len());
    b
}

/// Whether a match at `range` fits the segmentation (sorted boundary
/// offsets): it starts and ends on word boundaries, or lies inside one word
/// (a typo hidden in a compound the dictionary has: 撤消|处分 as
/// `撤消处分`). What it must not do is straddle words, taking part of one
/// and part of the next (`布署` in 公布|署名).
pub fn on_boundaries(bounds: &[usize], range: &Range<usize>) -> bool {
    let starts = bounds.binary_search(&range.start).is_ok();
    let ends = bounds.binary_search(&range.end).is_ok();
    if starts && ends {
        return true;
    }
    let first_inside = bounds.partition_point(|&b| b <= range.start);
    bounds.get(first_inside).is_none_or(|&b| b >= range.end)
}

/// Where this entry alone matches in `text`.
pub fn matches(entry: &Entry, text: &str) -> Vec<Range<usize>> {
    let mut bounds: Option<Vec<usize>> = None;
    let mut out = Vec::new();
    for (w, boundary) in entry.wrong.iter().zip(&entry.boundary) {
        for (at, _) in text.match_indices(w.as_str()) {
            let range = at..at + w.len();
            if !entry.context_allows(text, &range) {
                continue;
            }
            if *boundary == Boundary::Token {
                let b = bounds.get_or_insert_with(|| token_boundaries(text));
                if !on_boundaries(b, &range) {
                    continue;
                }
            }
            out.push(range);
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out
}

/// What is wrong with an entry's own examples, in Chinese; empty when
/// they all hold.
pub fn failures(entry: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    for ex in &entry.flag {
        let found = matches(entry, ex);
        let Some(first) = found.first() else {
            out.push(format!("例句“{ex}”应被报告，却没有"));
            continue;
        };
        if let Some(fix) = entry.fix_text() {
            let mut fixed = ex.clone();
            fixed.replace_range(first.clone(), fix);
            if found.len() == 1 && !matches(entry, &fixed).is_empty() {
                out.push(format!("例句“{ex}”改正为“{fixed}”后仍被报告"));
            }
        }
    }
    for ex in &entry.pass {
        if !matches(entry, ex).is_empty() {
            out.push(format!("例句“{ex}”不应被报告，却被报告了"));
        }
    }
    for right in &entry.right {
        if !matches(entry, right).is_empty() {
            out.push(format!("正确写法“{right}”本身会被报告"));
        }
    }
    out
}
