//! A hyphen between two numbers that make a range: in Chinese text the
//! range takes `～` or `—` (GB/T 15835-2011 §5.1.3; GB/T 15834-2011 §4.13,
//! which keeps the short hyphen for codes, telephone numbers and dates
//! written as numbers). We write `～` for quantities (`3～5年`) and `—`
//! for years, months, days and numbered items (`2021—2025年`, `1—11月`,
//! `第1—3条`); the standard allows either.
//!
//! A range is recognised by both ends: a number at a word boundary of
//! Chinese text on the left, a unit or counter after the right. Codes are
//! left alone by what surrounds them: Latin letters (`GB/T 9704-2012`,
//! `CR400AF-Z`), more hyphens (`2023-07-01`, `400-800-1234`), leading
//! zeros (`0731-88888888`, `2023-07`), numbering nouns (`表2-8`,
//! `附件1-2`) and numbering suffixes (`1-2号楼`).

use crate::engine::chars::{is_han, is_latin, is_space, CharTable};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

use super::{is_digit, is_point, slice, starts_with, Number};

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '－' | '\u{2010}' | '\u{2011}')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A quantity: `～`.
    Amount,
    /// `万`, `亿`: must be written on both numbers (`9亿～16亿`).
    Magnitude,
    /// `%`: written on both numbers (`15%～30%`).
    Percent,
    /// `年`: years if both numbers have four digits, else a span.
    Year,
    /// Months, days, quarters, school years: `—`.
    Date,
}

/// Units and counters a range ends with (GB 3100 法定计量单位, the 量词 of
/// 《现代汉语词典》第7版). Matched longest first.
const UNITS: &[(&str, Kind)] = &[
    ("%", Kind::Percent),
    ("％", Kind::Percent),
    ("‰", Kind::Percent),
    ("万亿", Kind::Magnitude),
    ("万", Kind::Magnitude),
    ("亿", Kind::Magnitude),
    ("学年", Kind::Date),
    ("年度", Kind::Date),
    ("年", Kind::Year),
    ("月", Kind::Date),
    ("日", Kind::Date),
    ("季度", Kind::Date),
    ("℃", Kind::Amount),
    ("°C", Kind::Amount),
    ("个", Kind::Amount),
    ("名", Kind::Amount),
    ("人", Kind::Amount),
    ("位", Kind::Amount),
    ("次", Kind::Amount),
    ("天", Kind::Amount),
    ("周", Kind::Amount),
    ("星期", Kind::Amount),
    ("小时", Kind::Amount),
    ("分钟", Kind::Amount),
    ("秒", Kind::Amount),
    ("分", Kind::Amount),
    ("岁", Kind::Amount),
    ("家", Kind::Amount),
    ("项", Kind::Amount),
    ("条", Kind::Amount),
    ("款", Kind::Amount),
    ("件", Kind::Amount),
    ("户", Kind::Amount),
    ("所", Kind::Amount),
    ("座", Kind::Amount),
    ("台", Kind::Amount),
    ("辆", Kind::Amount),
    ("本", Kind::Amount),
    ("篇", Kind::Amount),
    ("份", Kind::Amount),
    ("场", Kind::Amount),
    ("轮", Kind::Amount),
    ("届", Kind::Amount),
    ("期", Kind::Amount),
    ("批", Kind::Amount),
    ("级", Kind::Amount),
    ("层", Kind::Amount),
    ("页", Kind::Amount),
    ("章", Kind::Amount),
    ("节", Kind::Amount),
    ("部", Kind::Amount),
    ("套", Kind::Amount),
    ("处", Kind::Amount),
    ("类", Kind::Amount),
    ("种", Kind::Amount),
    ("元", Kind::Amount),
    ("角", Kind::Amount),
    ("千米", Kind::Amount),
    ("千克", Kind::Amount),
    ("千瓦", Kind::Amount),
    ("公里", Kind::Amount),
    ("公斤", Kind::Amount),
    ("公顷", Kind::Amount),
    ("平方", Kind::Amount),
    ("立方", Kind::Amount),
    ("厘米", Kind::Amount),
    ("毫米", Kind::Amount),
    ("毫升", Kind::Amount),
    ("米", Kind::Amount),
    ("里", Kind::Amount),
    ("吨", Kind::Amount),
    ("斤", Kind::Amount),
    ("克", Kind::Amount),
    ("升", Kind::Amount),
    ("亩", Kind::Amount),
    ("倍", Kind::Amount),
    ("成", Kind::Amount),
    ("度", Kind::Amount),
    ("折", Kind::Amount),
    ("册", Kind::Amount),
    ("卷", Kind::Amount),
    ("幅", Kind::Amount),
    ("首", Kind::Amount),
    ("门", Kind::Amount),
    ("栋", Kind::Amount),
    ("幢", Kind::Amount),
    ("间", Kind::Amount),
    ("张", Kind::Amount),
    ("支", Kind::Amount),
    ("只", Kind::Amount),
    ("头", Kind::Amount),
    ("株", Kind::Amount),
    ("棵", Kind::Amount),
    ("组", Kind::Amount),
    ("例", Kind::Amount),
    ("起", Kind::Amount),
    ("遍", Kind::Amount),
    ("趟", Kind::Amount),
];

/// SI symbols after a range in Chinese text (`3-5km`), when no further
/// letter follows.
const SYMBOLS: &[&str] = &[
    "kWh", "km", "kg", "cm", "mm", "mg", "mL", "ml", "kW", "MW", "kV", "ha", "m", "g", "t", "L",
];

/// Numbers after these are the numbers of things, and `2-8` is a code:
/// `表2-8`, `图3-1`, `附件1-2`, `公式2-1`, `案例3-2`, `编号2-1`, `代码`,
/// `电话`, `手机`, `传真`, `热线`, `邮编`, and addresses (`3栋2-1`).
fn names_a_number(c: char) -> bool {
    matches!(
        c,
        '表' | '图'
            | '件'
            | '式'
            | '例'
            | '号'
            | '码'
            | '话'
            | '机'
            | '真'
            | '线'
            | '编'
            | '栋'
            | '楼'
            | '室'
            | '房'
            | '版'
    )
}

/// After the second number these make the pair a code: `1-2号楼`, `3-5室`, `1-3班`.
const NUMBERING_SUFFIXES: &[&str] = &["号", "室", "班"];

pub fn check(text: &str, table: &CharTable, out: &mut Vec<Finding>) {
    for h in 0..table.len() {
        if table.get(h).is_some_and(is_hyphen) {
            if let Some(f) = range_at(text, table, h) {
                out.push(f);
            }
        }
    }
}

fn unit_at(text: &str, table: &CharTable, at: usize) -> Option<(&'static str, Kind)> {
    let unit = UNITS
        .iter()
        .filter(|(u, _)| starts_with(text, table, at, u))
        .max_by_key(|(u, _)| u.len())
        .copied();
    if unit.is_some() {
        return unit;
    }
    SYMBOLS
        .iter()
        .filter(|s| starts_with(text, table, at, s))
        .max_by_key(|s| s.len())
        .filter(|s| {
            let after = table.get(at + s.chars().count());
            !after.is_some_and(|c| is_latin(c) || is_digit(c))
        })
        .map(|s| (*s, Kind::Amount))
}

fn range_at(text: &str, table: &CharTable, h: usize) -> Option<Finding> {
    // The right end: a number that is no code, then a unit.
    let right = Number::parse(table, h + 1)?;
    if right.leading_zero {
        return None;
    }
    let after_right = table.get(right.end);
    if after_right.is_some_and(|c| is_hyphen(c) || is_point(c) || c == ':' || c == '：') {
        return None;
    }
    if NUMBERING_SUFFIXES
        .iter()
        .any(|s| starts_with(text, table, right.end, s))
    {
        return None;
    }
    let right_unit = unit_at(text, table, right.end);

    // The left end: a number, perhaps with the right's unit written too
    // (`2021年-2025年`, `95%-98%`) or a date part (`3月-2024年1月`).
    let mut left_unit_start = h;
    while left_unit_start > 0
        && h - left_unit_start < 3
        && table
            .get(left_unit_start - 1)
            .is_some_and(|c| !is_digit(c) && !is_point(c) && (is_han(c) || "%％‰℃".contains(c)))
    {
        left_unit_start -= 1;
    }
    let left = Number::ending_at(table, left_unit_start)?;
    if left.leading_zero || !at_boundary(table, left.start) {
        return None;
    }
    let left_unit = slice(text, table, left_unit_start, h);
    let first_of_item = table.before(left.start) == Some('第');

    let (unit, kind) = right_unit.or_else(|| {
        // `（2021-2025）`: years in brackets, no unit.
        let bracketed = matches!(table.before(left.start), Some('（' | '('))
            && matches!(after_right, Some('）' | ')'));
        (bracketed && left_unit.is_empty()).then_some(("", Kind::Year))
    })?;
    let both_years = left.int_digits == 4
        && right.int_digits == 4
        && left.is_integer()
        && right.is_integer()
        && (1000..3000).contains(&left.integer())
        && (1000..3000).contains(&right.integer());

    let dash = if !left_unit.is_empty() {
        if starts_with(text, table, right.end, left_unit) {
            // Same unit on both ends.
            match kind {
                Kind::Year if both_years => '—',
                Kind::Date => '—',
                _ if first_of_item => '—',
                _ => '～',
            }
        } else if is_date_unit(left_unit) && matches!(kind, Kind::Date | Kind::Year) {
            // `3月-2024年1月`, `3月20日-4月5日`: date to date.
            if kind == Kind::Year && right.int_digits != 4 {
                return None;
            }
            return Some(finding(
                text,
                table,
                (left.start, h, right.end),
                '—',
                None,
                true,
            ));
        } else {
            return None;
        }
    } else {
        match kind {
            Kind::Year if both_years => '—',
            Kind::Year if unit.is_empty() => return None,
            Kind::Date => '—',
            _ if first_of_item => '—',
            _ => '～',
        }
    };
    if left.scaled >= right.scaled {
        return None;
    }
    if kind == Kind::Date && !plausible_date(unit, &left, &right) {
        return None;
    }
    let repeated =
        (left_unit.is_empty() && matches!(kind, Kind::Percent | Kind::Magnitude)).then_some(unit);
    Some(finding(
        text,
        table,
        (left.start, h, right.end),
        dash,
        repeated,
        dash == '—',
    ))
}

fn is_date_unit(unit: &str) -> bool {
    matches!(unit, "年" | "月" | "日")
}

fn plausible_date(unit: &str, left: &Number, right: &Number) -> bool {
    let limit = match unit {
        "月" => 12,
        "日" => 31,
        "季度" => 4,
        _ => return true,
    };
    left.is_integer() && right.is_integer() && left.integer() >= 1 && right.integer() <= limit
}

/// The left number starts a word of Chinese text: not inside a code.
fn at_boundary(table: &CharTable, start: usize) -> bool {
    let Some(b) = table.before(start) else {
        return true;
    };
    if is_space(b) {
        // `GB/T 9704-2012`: the space follows the code's letters.
        let before_space = start.checked_sub(2).and_then(|k| table.get(k));
        return !before_space.is_some_and(belongs_to_code);
    }
    if is_han(b) {
        return !names_a_number(b);
    }
    !belongs_to_code(b)
}

/// Characters of codes, versions, paths and addresses.
fn belongs_to_code(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || is_latin(c)
        || is_digit(c)
        || is_hyphen(c)
        || "./\\_:#@&+=*~^|$．／".contains(c)
}

/// The range `start..end` with its hyphen at `hyphen` (char indices)
/// rewritten with `dash`; `repeated` is the `%`, `万` or `亿` the first
/// number must carry too.
fn finding(
    text: &str,
    table: &CharTable,
    (start, hyphen, end): (usize, usize, usize),
    dash: char,
    repeated: Option<&str>,
    dates: bool,
) -> Finding {
    let left = slice(text, table, start, hyphen);
    let right = slice(text, table, hyphen + 1, end);
    let (fixed, range_end) = match repeated {
        Some(unit) => (
            format!("{left}{unit}{dash}{right}{unit}"),
            table.offset(end) + unit.len(),
        ),
        None => (format!("{left}{dash}{right}"), table.offset(end)),
    };
    let message = if dates {
        format!("表示起止应使用一字线“—”，不用短横线“-”：应为“{fixed}”（GB/T 15835-2011 §5.1.3；GB/T 15834-2011 §4.13）")
    } else if let Some(unit) = repeated {
        format!("表示数值范围应使用浪纹线“～”，不用短横线“-”，且前一个数值的“{unit}”不能省略：应为“{fixed}”（GB/T 15835-2011 §5.1.3）")
    } else {
        format!("表示数值范围应使用浪纹线“～”，不用短横线“-”：应为“{fixed}”（GB/T 15835-2011 §5.1.3；GB/T 15834-2011 §4.13）")
    };
    Finding::new(Rule::NumberUsage, table.offset(start)..range_end, message).with_fix(fixed)
}
