//! The generated long-tail layer at run time (built by `build/generated.rs`,
//! which says how variants are chosen). A paragraph is read pair by pair of
//! characters; a pair that may surround a changed character costs a bit
//! test, and only a pair in the filter is looked up and verified. The
//! tables are read in place from the binary: nothing to build or parse.

use std::ops::Range;

use crate::engine::registry::Rule;

mod tables {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

pub use tables::CONFUSABLE;

static PAIR_BITS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/generated_pairs.bits"));
static RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/generated_variants.bin"));
/// key u64, word u24, position (6 bits) and kind (2 bits) in one byte; the
/// typed character is the key's first (position 0) or second character.
const RECORD: usize = 12;

/// Why the variant's character may stand for the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Homophone,
    Lookalike,
    /// A pair the curated typo pack records as confused.
    Confused,
    /// The same syllable in another tone.
    NearHomophone,
}

/// One variant: `word` with `ch` at character `position`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    pub word: u32,
    pub position: u8,
    pub ch: char,
    pub kind: Kind,
}

fn pair_key(a: char, b: char) -> u64 {
    ((a as u64) << 32) | b as u64
}

fn pair_hash(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - tables::BITS)) as usize
}

fn may_hold(key: u64) -> bool {
    let h = pair_hash(key);
    PAIR_BITS
        .get(h >> 3)
        .is_some_and(|byte| byte & (1 << (h & 7)) != 0)
}

fn count() -> usize {
    RECORDS.len() / RECORD
}

fn key_at(i: usize) -> u64 {
    let r = &RECORDS[i * RECORD..];
    u64::from_le_bytes(r[..8].try_into().unwrap_or_default())
}

/// The variant of record `i`.
pub fn variant(i: u32) -> Option<Variant> {
    let i = i as usize;
    if i >= count() {
        return None;
    }
    let r = &RECORDS[i * RECORD..(i + 1) * RECORD];
    let key = u64::from_le_bytes(r[..8].try_into().ok()?);
    let word = u32::from_le_bytes([r[8], r[9], r[10], 0]);
    let position = r[11] & 0x3F;
    let typed = if position == 0 {
        key >> 32
    } else {
        key & 0xFFFF_FFFF
    };
    let ch = char::from_u32(u32::try_from(typed).ok()?)?;
    let kind = match r[11] >> 6 {
        0 => Kind::Homophone,
        1 => Kind::Lookalike,
        2 => Kind::Confused,
        _ => Kind::NearHomophone,
    };
    Some(Variant {
        word,
        position,
        ch,
        kind,
    })
}

/// The records whose pair key is `key`.
fn records_of(key: u64) -> Range<usize> {
    let n = count();
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if key_at(mid) < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut end = lo;
    while end < n && key_at(end) == key {
        end += 1;
    }
    lo..end
}

/// The listed word, its source and its rule.
pub fn word(i: u32) -> Option<(&'static str, &'static str, Rule)> {
    let &(w, source, rule) = tables::WORDS.get(i as usize)?;
    let rule = if rule == 1 {
        Rule::Formulation
    } else {
        Rule::Typo
    };
    Some((w, tables::SOURCES.get(source).copied().unwrap_or(""), rule))
}

/// Byte offset `n` characters before `at`.
fn back(text: &str, at: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(at);
    }
    text[..at].char_indices().rev().nth(n - 1).map(|(i, _)| i)
}

/// Whether `text` at `start` spells the variant; its end if so.
fn spells(text: &str, start: usize, v: &Variant, word: &str) -> Option<usize> {
    let mut rest = text[start..].chars();
    let mut end = start;
    for (k, w) in word.chars().enumerate() {
        let want = if k == v.position as usize { v.ch } else { w };
        let got = rest.next()?;
        if got != want {
            return None;
        }
        end += got.len_utf8();
    }
    Some(end)
}

/// Whether the variant at `start..end` stands inside a text the allow list
/// names (`民转刑` around `转刑`).
fn in_allowed_context(text: &str, start: usize, end: usize) -> bool {
    let variant = &text[start..end];
    let contexts = tables::ALLOWED_CONTEXTS;
    let first = contexts.partition_point(|(v, _, _)| *v < variant);
    contexts[first..]
        .iter()
        .take_while(|(v, _, _)| *v == variant)
        .any(|&(_, line, at)| {
            back(text, start, at).is_some_and(|from| text[from..].starts_with(line))
        })
}

/// Every variant spelled in `text`: (byte range, record index).
pub fn find(text: &str, mut found: impl FnMut(Range<usize>, u32)) {
    let mut prev: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        let Some((pa, p)) = prev.replace((at, c)) else {
            continue;
        };
        let key = pair_key(p, c);
        if !may_hold(key) {
            continue;
        }
        for i in records_of(key) {
            let Some(v) = variant(i as u32) else { continue };
            let Some((w, _, _)) = word(v.word) else {
                continue;
            };
            // The pair is (changed, next) for a change at the start, else
            // (previous, changed).
            let start = if v.position == 0 {
                Some(pa)
            } else {
                back(text, pa, v.position as usize - 1)
            };
            let Some(start) = start else { continue };
            if let Some(end) = spells(text, start, &v, w) {
                if !in_allowed_context(text, start, end) {
                    found(start..end, i as u32);
                }
            }
        }
    }
}

/// How many variants the layer holds (for tests and docs).
pub fn len() -> usize {
    tables::VARIANTS
}
