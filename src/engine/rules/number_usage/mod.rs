//! `number-usage`: the numbers GB/T 15835-2011 rules out, each recognised
//! by its shape and its neighbours, never by a list of examples:
//!
//! - [`chinese`]: `0` for `〇` in Chinese numerals (§5.2.5), a 顿号 inside
//!   an estimate (`五、六个人`, §5.2.1; GB/T 15834-2011 §4.5.3.4);
//! - [`range`]: a hyphen for a range (`3-5年`, §5.1.3);
//! - [`mixed`]: Arabic digits with `千`/`百` (`2千3百`, §5.3);
//! - [`approx`]: `约` and `左右` together;
//! - [`dates`]: dotted dates (`2023.6.30`, §5.1.4) and, over the whole
//!   document, shortened years (`23年上半年`, §5.1.4).

mod approx;
mod chinese;
mod dates;
mod mixed;
mod range;
#[cfg(test)]
mod tests;

use crate::engine::chars::{mostly_latin, CharTable};
use crate::engine::finding::Finding;
use crate::engine::text::Paragraph;

pub fn check(p: &Paragraph, out: &mut Vec<Finding>) {
    let text = p.text;
    // Most paragraphs have none of the marks a case starts from: decide
    // that from the bytes, before building the character table.
    let wanted = Cases {
        zeros: chinese::may_have_wrong_zero(text),
        estimates: chinese::may_have_estimate(text),
        ranges: text.contains(['-', '－', '\u{2010}', '\u{2011}']),
        mixed: text.contains(['千', '百']),
        approx: text.contains("左右"),
        dotted: text.contains(['.', '．']),
    };
    if !wanted.any() || mostly_latin(text) {
        return;
    }
    let table = CharTable::new(text);
    if wanted.zeros || wanted.estimates {
        chinese::check(text, &table, wanted.zeros, wanted.estimates, out);
    }
    if wanted.ranges {
        range::check(text, &table, out);
    }
    if wanted.mixed {
        mixed::check(text, &table, out);
    }
    if wanted.approx {
        approx::check(text, &table, out);
    }
    if wanted.dotted {
        dates::check_dotted(&table, out);
    }
}

/// Which cases a paragraph may contain.
struct Cases {
    zeros: bool,
    estimates: bool,
    ranges: bool,
    mixed: bool,
    approx: bool,
    dotted: bool,
}

impl Cases {
    fn any(&self) -> bool {
        self.zeros || self.estimates || self.ranges || self.mixed || self.approx || self.dotted
    }
}

/// Shortened years: whether `23年` is a year depends on the years the rest
/// of the document writes, so this runs over the whole document.
pub fn check_document(paragraphs: &[Paragraph], out: &mut Vec<Finding>) {
    dates::check_short_years(paragraphs, out);
}

/// The value of an Arabic digit, ASCII or full-width.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit(c).is_some()
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// An Arabic number `12`, `3.5` starting at char index `at`: its end
/// (char index) and value. Decimals keep up to four places.
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    /// Value in ten-thousandths, exact.
    scaled: u128,
    int_digits: usize,
    /// `07`: a code or a date part, never a quantity.
    leading_zero: bool,
    decimal: bool,
}

const SCALE: u128 = 10_000;

impl Number {
    fn parse(table: &CharTable, at: usize) -> Option<Number> {
        let mut i = at;
        let mut int: u128 = 0;
        while let Some(d) = table.get(i).and_then(digit) {
            int = int.checked_mul(10)?.checked_add(d as u128)?;
            i += 1;
            if i - at > 24 {
                return None;
            }
        }
        let int_digits = i - at;
        if int_digits == 0 {
            return None;
        }
        let leading_zero = int_digits > 1 && table.get(at).and_then(digit) == Some(0);
        let mut scaled = int.checked_mul(SCALE)?;
        let mut decimal = false;
        if table.get(i).is_some_and(is_point) && table.get(i + 1).is_some_and(is_digit) {
            let mut j = i + 1;
            let mut place = SCALE / 10;
            while let Some(d) = table.get(j).and_then(digit) {
                if place == 0 {
                    return None;
                }
                scaled += d as u128 * place;
                place /= 10;
                j += 1;
            }
            i = j;
            decimal = true;
        }
        Some(Number {
            start: at,
            end: i,
            scaled,
            int_digits,
            leading_zero,
            decimal,
        })
    }

    /// The number that ends just before char index `end`, if one does.
    fn ending_at(table: &CharTable, end: usize) -> Option<Number> {
        // Longer runs are no number `parse` takes: stop looking there.
        const LONGEST: usize = 32;
        let mut start = end;
        while start > 0 && end - start < LONGEST {
            let c = table.get(start - 1)?;
            if is_digit(c) || is_point(c) {
                start -= 1;
            } else {
                break;
            }
        }
        while start < end && !table.get(start).is_some_and(is_digit) {
            start += 1;
        }
        let n = Number::parse(table, start)?;
        (n.end == end).then_some(n)
    }

    fn is_integer(&self) -> bool {
        !self.decimal
    }

    fn integer(&self) -> u128 {
        self.scaled / SCALE
    }
}

/// Text of char indices `from..to`.
fn slice<'a>(text: &'a str, table: &CharTable, from: usize, to: usize) -> &'a str {
    &text[table.offset(from)..table.offset(to)]
}

/// Whether the text at char index `at` starts with `word`.
fn starts_with(text: &str, table: &CharTable, at: usize, word: &str) -> bool {
    at <= table.len() && text[table.offset(at)..].starts_with(word)
}
