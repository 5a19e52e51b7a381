//! Arabic digits with `千`/`百` as number words (GB/T 15835-2011 §5.3):
//! only `万` and `亿` may join Arabic digits (`10亿零817万5288人`); `2千3百`
//! is `2300`, `2万5千` is `2.5万`. `千`/`百` that begin a unit are left
//! alone: `5千米`, `3千克`, `10千瓦`, `百分点`, `百分比`.

use crate::engine::chars::{is_latin, CharTable};
use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

use super::{is_digit, is_point, slice, Number, SCALE};

/// What `千` or `百` begin when they are part of a unit or a word, not a
/// number (GB 3100 prefixes 千 = k: 千米, 千克, 千瓦, 千伏, 千卡, 千帕, 千焦,
/// 千赫, 千欧, 千牛, 千升, 千兆, 千周; 百分点, 百分比, 百分之, 百货, 百姓).
const UNIT_AFTER_QIAN: &[char] = &[
    '米', '克', '瓦', '伏', '卡', '帕', '焦', '赫', '欧', '牛', '升', '兆', '周',
];
const WORD_AFTER_BAI: &[char] = &['分', '货', '姓'];

fn unit_value(c: char) -> Option<u128> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

pub fn check(text: &str, table: &CharTable, out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < table.len() {
        let starts_number = table.get(i).is_some_and(is_digit)
            && !table
                .before(i)
                .is_some_and(|b| is_digit(b) || is_point(b) || is_latin(b));
        if !starts_number {
            i += 1;
            continue;
        }
        match chain_at(text, table, i) {
            Some((end, f)) => {
                out.push(f);
                i = end;
            }
            // Past the whole number: a part of one that is no number
            // (`5百2千`) is no number either.
            None => {
                while table.get(i).is_some_and(|c| {
                    is_digit(c) || is_point(c) || c == '零' || unit_value(c).is_some()
                }) {
                    i += 1;
                }
            }
        }
    }
}

/// The number written from char index `start`, as `(coefficient, unit)`
/// steps: `2千3百` is `[(2, 千), (3, 百)]`, `1千2百万` ends with `(None, 万)`.
fn chain_at(text: &str, table: &CharTable, start: usize) -> Option<(usize, Finding)> {
    let mut steps: Vec<(Option<u128>, char)> = Vec::new();
    let mut unit_positions: Vec<usize> = Vec::new();
    let mut i = start;
    let mut last_number_end = start;
    loop {
        let number = Number::parse(table, i);
        let at = number.map_or(i, |n| n.end);
        let Some(unit) = table.get(at).filter(|&c| unit_value(c).is_some()) else {
            break;
        };
        if number.is_none() && !matches!(unit, '万' | '亿') {
            break;
        }
        if let Some(n) = number {
            if n.leading_zero {
                return None;
            }
        }
        steps.push((number.map(|n| n.scaled), unit));
        unit_positions.push(at);
        i = at + 1;
        last_number_end = i;
        if table.get(i) == Some('零') && table.get(i + 1).is_some_and(is_digit) {
            i += 1;
        }
    }
    let end = last_number_end;
    let mixes = steps
        .iter()
        .any(|&(coef, unit)| coef.is_some() && matches!(unit, '千' | '百'));
    if !mixes || table.get(end).is_some_and(is_digit) {
        return None;
    }
    // A `千`/`百` that begins a unit (`5千米`, `3百分点`) makes the rest
    // uncertain: `1万5千米` may be 15000 米 or 1万 and 5千米.
    for (&(_, unit), &pos) in steps.iter().zip(&unit_positions) {
        let next = table.get(pos + 1);
        let begins_unit = match unit {
            '千' => next.is_some_and(|c| UNIT_AFTER_QIAN.contains(&c)),
            '百' => next.is_some_and(|c| WORD_AFTER_BAI.contains(&c)),
            _ => false,
        };
        if begins_unit {
            return None;
        }
    }
    let value = evaluate(&steps)?;
    let magnitude = steps.iter().map(|s| s.1).max_by_key(|&c| unit_value(c));
    let fixed = render(value, magnitude?)?;
    let written = slice(text, table, start, end);
    if fixed == written {
        return None;
    }
    Some((
        end,
        Finding::new(
            Rule::NumberUsage,
            table.offset(start)..table.offset(end),
            format!(
                "阿拉伯数字不应与“千”“百”混用：“{written}”应写作“{fixed}”（GB/T 15835-2011 §5.3）"
            ),
        )
        .with_fix(fixed),
    ))
}

/// The value in ten-thousandths; `None` when the units are out of order
/// (`5百2千`), which is no number to rewrite.
fn evaluate(steps: &[(Option<u128>, char)]) -> Option<u128> {
    let mut total: u128 = 0;
    let mut section: u128 = 0;
    let mut last_small = u128::MAX;
    let mut last_big = u128::MAX;
    for &(coef, unit) in steps {
        let v = unit_value(unit)?;
        match unit {
            '十' | '百' | '千' => {
                if v >= last_small {
                    return None;
                }
                last_small = v;
                section = section.checked_add(coef?.checked_mul(v)?)?;
            }
            _ => {
                if v >= last_big {
                    return None;
                }
                last_big = v;
                section = section.checked_add(coef.unwrap_or(0))?;
                if unit == '亿' {
                    total = total.checked_add(section)?.checked_mul(v)?;
                } else {
                    total = total.checked_add(section.checked_mul(v)?)?;
                }
                section = 0;
                last_small = u128::MAX;
            }
        }
    }
    total.checked_add(section)
}

/// `value` (ten-thousandths) in Arabic digits, keeping the largest of
/// `万`/`亿` that was written: `2.5万`, `1200万`, `3.5亿`, `2300`. A `万`
/// figure needing more than two decimals is written out (`23456`).
fn render(value: u128, magnitude: char) -> Option<String> {
    let unit = match magnitude {
        '亿' | '万' => unit_value(magnitude)?,
        _ => 1,
    };
    let scaled_unit = unit * SCALE;
    let whole = value / scaled_unit;
    let rest = value % scaled_unit;
    let suffix = if unit == 1 {
        String::new()
    } else {
        magnitude.to_string()
    };
    if rest == 0 {
        return Some(format!("{whole}{suffix}"));
    }
    // Decimals of the rest, at most as many as the unit has digits plus four.
    let places = (scaled_unit.ilog10()) as usize;
    let digits = format!("{rest:0places$}");
    let digits = digits.trim_end_matches('0');
    if unit == 10_000 && digits.len() > 2 && value % SCALE == 0 {
        return Some(format!("{}", value / SCALE));
    }
    Some(format!("{whole}.{digits}{suffix}"))
}
