//! An estimate said twice: `约1.2亿元左右`. `约` (`大约`, `大概`) before a
//! number and `左右` after it both mark it as approximate; one is enough.
//! No fix: which to drop is the writer's call.
//!
//! `约` must be a word of its own: in `节约3万元左右`, `制约`, `签约` it is
//! part of another word, which the segmenter tells.

use crate::engine::chars::{is_han, CharTable};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment;

use super::chinese::numeral_value;
use super::{is_digit, slice, starts_with};

/// Words that make a number approximate when put before it.
const BEFORE: &[&str] = &["大约", "大概", "约"];

/// Verbs that may stand between `约` and the number: `约有`, `约为`, `约占`.
const LINKS: &[char] = &['有', '为', '占', '达', '合', '计'];

/// `左右` continues as another word here: `左右两侧`, `左右为难`.
const NOT_AN_ESTIMATE_AFTER: &[char] =
    &['两', '手', '逢', '为', '开', '摇', '摆', '互', '岸', '侧'];

/// Characters between the number and `左右` at most: units such as
/// `亿元`, `个百分点`, `平方公里`.
const MAX_UNIT: usize = 6;

pub fn check(text: &str, table: &CharTable, out: &mut Vec<Finding>) {
    if !text.contains("左右") {
        return;
    }
    for k in 0..table.len() {
        if !starts_with(text, table, k, "左右") {
            continue;
        }
        if table
            .get(k + 2)
            .is_some_and(|c| NOT_AN_ESTIMATE_AFTER.contains(&c))
        {
            continue;
        }
        if let Some(start) = estimate_start(text, table, k) {
            out.push(Finding::new(
                Rule::NumberUsage,
                table.offset(start)..table.offset(k + 2),
                format!(
                    "“{}”与“左右”都表示概数，同时使用语义重复，应删去其一",
                    slice(
                        text,
                        table,
                        start,
                        start + before_word_len(text, table, start)
                    )
                ),
            ));
        }
    }
}

fn is_number_char(c: char) -> bool {
    is_digit(c)
        || numeral_value(c).is_some()
        || matches!(
            c,
            '.' | '．' | ',' | '%' | '％' | '〇' | '零' | '十' | '百' | '千' | '万' | '亿'
        )
}

fn before_word_len(text: &str, table: &CharTable, at: usize) -> usize {
    BEFORE
        .iter()
        .find(|w| starts_with(text, table, at, w))
        .map_or(1, |w| w.chars().count())
}

/// Where `约` starts, for the `左右` at char index `k`.
fn estimate_start(text: &str, table: &CharTable, k: usize) -> Option<usize> {
    // Back over the unit, then the number.
    let mut i = k;
    let mut unit = 0;
    while i > 0
        && unit < MAX_UNIT
        && table
            .get(i - 1)
            .is_some_and(|c| is_han(c) && !is_number_char(c))
    {
        i -= 1;
        unit += 1;
    }
    let number_end = i;
    while i > 0 && table.get(i - 1).is_some_and(is_number_char) {
        i -= 1;
    }
    if i == number_end {
        return None;
    }
    // A number's own characters may have been taken for the unit (`万元`):
    // that is fine, the number is what stands before them.
    if table.before(i).is_some_and(|c| LINKS.contains(&c)) && i >= 2 {
        i -= 1;
    }
    let word = BEFORE.iter().find_map(|w| {
        let n = w.chars().count();
        (i >= n && starts_with(text, table, i - n, w)).then(|| i - n)
    })?;
    is_own_word(text, table, word).then_some(word)
}

/// Whether the `约`/`大约`/`大概` at char index `at` is a word of its own.
fn is_own_word(text: &str, table: &CharTable, at: usize) -> bool {
    let from = (at.saturating_sub(4)..at)
        .rev()
        .find(|&j| !table.get(j).is_some_and(is_han))
        .map_or(at.saturating_sub(4), |j| j + 1);
    let to = (at + 4).min(table.len());
    let window_start = table.offset(from);
    let window = &text[window_start..table.offset(to)];
    let here = table.offset(at) - window_start;
    segment::tokens(window)
        .iter()
        .any(|t| t.start == here && BEFORE.contains(&t.word))
}
