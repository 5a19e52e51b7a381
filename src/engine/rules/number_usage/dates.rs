//! Dates (GB/T 15835-2011 §5.1.4): in running text a date is written
//! `2023年6月30日`, not `2023.6.30` (the standard's only short form is the
//! hyphenated one of GB/T 7408); and a four-digit year is not shortened
//! to two digits (`23年`).

use crate::engine::chars::{is_han, is_latin, is_space, CharTable};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::severity::Severity;
use crate::engine::text::Paragraph;

use super::{digit, is_digit, is_point, starts_with, Number};

/// `2023.6.30`, `2023.06.30`: a year of four digits, a month and a day.
pub fn check_dotted(table: &CharTable, out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < table.len() {
        let Some(date) = dotted_date_at(table, i) else {
            i += 1;
            continue;
        };
        let (year, month, day, end) = date;
        let fixed = format!("{year}年{month}月{day}日");
        out.push(
            Finding::new(
                Rule::NumberUsage,
                table.offset(i)..table.offset(end),
                format!("正文中的日期应写作“{fixed}”，不用圆点分隔（GB/T 15835-2011 §5.1.4）"),
            )
            .with_fix(fixed)
            .with_severity(Severity::Info),
        );
        i = end;
    }
}

fn dotted_date_at(table: &CharTable, at: usize) -> Option<(u128, u128, u128, usize)> {
    // A version, a file name or an address goes on with letters, digits
    // or dots on either side (`v2023.6.30`, `2023.6.30.1`, `a/2023.6.30`).
    let code_char = |c: char| is_latin(c) || is_digit(c) || is_point(c) || "/\\_-@".contains(c);
    if table.before(at).is_some_and(code_char) {
        return None;
    }
    let mut year = 0u128;
    for k in at..at + 4 {
        year = year * 10 + table.get(k).and_then(digit)? as u128;
    }
    if !(1900..2100).contains(&year) {
        return None;
    }
    let part = |from: usize| -> Option<(u128, usize)> {
        if !table.get(from).is_some_and(is_point) {
            return None;
        }
        let start = from + 1;
        let mut end = start;
        let mut value = 0u128;
        while let Some(d) = table.get(end).and_then(digit) {
            value = value * 10 + d as u128;
            end += 1;
        }
        (1..=2).contains(&(end - start)).then_some((value, end))
    };
    let (month, month_end) = part(at + 4)?;
    let (day, end) = part(month_end)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    if table.get(end).is_some_and(code_char) {
        return None;
    }
    Some((year, month, day, end))
}

/// What may follow the `年` of `23年` when it is a year: a half, or the
/// start or end of the year (`23年底` shares its `年` with `年底`). Months
/// and quarters are read apart.
const AFTER_YEAR: &[&str] = &["上半年", "下半年", "底", "初", "末"];

/// What may stand right before a year: nothing, punctuation, or a word
/// that takes a time (`自23年以来`, `截至23年底`, `与22年同期相比`).
fn may_precede_year(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) if is_space(c) => true,
        Some(c) if is_han(c) => matches!(
            c,
            '自' | '从'
                | '于'
                | '在'
                | '至'
                | '到'
                | '和'
                | '与'
                | '及'
                | '同'
                | '比'
                | '较'
                | '是'
        ),
        Some(c) => {
            !(is_latin(c) || is_digit(c) || c.is_ascii_alphanumeric() || "./-_:#~～—".contains(c))
        }
    }
}

/// `23年` (two digits) followed by something that makes it a year, with
/// the years the rest of the document writes in four digits: their
/// century is the one to restore, and a `40年` far from all of them
/// (`改革开放40年以来`) is a span of years, not a year.
pub fn check_short_years(paragraphs: &[Paragraph], out: &mut Vec<Finding>) {
    let mut full_years: Vec<u32> = Vec::new();
    let mut candidates: Vec<(usize, usize, u32)> = Vec::new(); // doc range, two digits
    for p in paragraphs {
        let text = p.text;
        for (at, _) in text.match_indices('年') {
            let digits = text[..at]
                .bytes()
                .rev()
                .take_while(u8::is_ascii_digit)
                .count();
            let start = at - digits;
            match digits {
                4 => {
                    if let Ok(y) = text[start..at].parse::<u32>() {
                        if (1900..2100).contains(&y) {
                            full_years.push(y);
                        }
                    }
                }
                2 => {
                    let before = text[..start].chars().next_back();
                    if may_precede_year(before) && names_a_year(text, at, before) {
                        let nn = text[start..at].parse::<u32>().unwrap_or(0);
                        candidates.push((p.start + start, p.start + at, nn));
                    }
                }
                _ => {}
            }
        }
    }
    if candidates.is_empty() || full_years.is_empty() {
        return;
    }
    let (min, max) = full_years
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), &y| (lo.min(y), hi.max(y)));
    for (start, end, nn) in candidates {
        let Some(year) = [2000 + nn, 1900 + nn]
            .into_iter()
            .find(|&y| y + 2 >= min && y <= max + 2)
        else {
            continue;
        };
        out.push(
            Finding::new(
                Rule::NumberUsage,
                start..end,
                format!("年份不应简写：“{nn:02}年”应写作“{year}年”（GB/T 15835-2011 §5.1.4）"),
            )
            .with_fix(year.to_string()),
        );
    }
}

/// Whether what follows the `年` at byte `at` makes `NN年` a year.
fn names_a_year(text: &str, at: usize, before: Option<char>) -> bool {
    let rest = &text[at + '年'.len_utf8()..];
    // Eight characters are enough for `第四季度`, `十二月`.
    let head = &rest[..rest.char_indices().nth(8).map_or(rest.len(), |(i, _)| i)];
    let table = CharTable::new(head);
    let after = rest.chars().next();
    if rest.starts_with("以来") {
        // `40年以来` is as often a span: only `自`/`从` say a year.
        return matches!(before, Some('自' | '从'));
    }
    if AFTER_YEAR.iter().any(|w| rest.starts_with(w)) && !rest.starts_with("初步") {
        return true;
    }
    // A month: `23年3月`, `23年十二月` (not `23年3个月`).
    let month = Number::parse(&table, 0)
        .filter(|n| n.is_integer() && (1..=12).contains(&n.integer()))
        .map(|n| n.end)
        .or_else(|| chinese_month_end(&table));
    if month.is_some_and(|end| table.get(end) == Some('月')) {
        return true;
    }
    // A quarter: `23年一季度`, `23年第四季度`, `23年1季度`.
    let q = usize::from(after == Some('第'));
    let quarter_digit = table
        .get(q)
        .is_some_and(|c| matches!(c, '一' | '二' | '三' | '四' | '1'..='4'));
    quarter_digit && starts_with(head, &table, q + 1, "季度")
}

fn chinese_month_end(table: &CharTable) -> Option<usize> {
    let v = |c: char| "一二三四五六七八九".find(c).map(|i| i / 3 + 1);
    match (table.get(0), table.get(1)) {
        (Some('十'), Some(c)) if v(c).is_some_and(|d| d <= 2) => Some(2),
        (Some('十'), _) => Some(1),
        (Some(c), _) if v(c).is_some() => Some(1),
        _ => None,
    }
}
