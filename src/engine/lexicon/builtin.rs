//! The built-in packs, compiled into the binary by `build.rs`
//! (`build/lexicon.rs`): entries as static tables and their automaton
//! serialised. At first use the tables become [`Entry`] values through the
//! same code as users' packs.

use std::sync::LazyLock;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use super::entry::{Entry, Origin};
use super::pack::{self, Defaults, RawEntry};

pub struct StaticPack {
    pub name: &'static str,
    pub rule: Option<&'static str>,
    pub source: Option<&'static str>,
}

pub struct StaticEntry {
    pub pack: usize,
    pub line: usize,
    pub wrong: &'static [&'static str],
    pub right: &'static [&'static str],
    pub rule: Option<&'static str>,
    pub source: Option<&'static str>,
    pub note: Option<&'static str>,
    pub fix: Option<bool>,
    pub boundary: Option<&'static str>,
    pub before: &'static [&'static str],
    pub after: &'static [&'static str],
    pub not_before: &'static [&'static str],
    pub not_after: &'static [&'static str],
    pub flag: &'static [&'static str],
    pub pass: &'static [&'static str],
}

/// A numbered formulation whose members are listed (“四个意识”).
pub struct StaticGroup {
    pub name: &'static str,
    pub members: &'static [&'static str],
    pub source: &'static str,
    /// Lists of only these members are an older formulation (“三个自信”).
    pub older: &'static [&'static [&'static str]],
}

/// A long fixed name whose garbled forms are flagged (习近平新时代中国特色
/// 社会主义思想 with one character changed).
pub struct StaticName {
    pub text: &'static str,
    pub source: &'static str,
    /// Texts with a garbled form, and correct texts that look like one.
    pub flag: &'static [&'static str],
    pub pass: &'static [&'static str],
}

mod tables {
    use super::{StaticEntry, StaticGroup, StaticName, StaticPack};
    include!(concat!(env!("OUT_DIR"), "/lexicon.rs"));
}

pub use tables::{GROUPS, NAMES};

static AUTOMATON_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.daac"));

/// The automaton over every built-in wrong form. Apart from the entries: a
/// paragraph is scanned with it, and only a paragraph where it finds a
/// wrong form needs the entries built, so checking a clean one-line report
/// does not pay for turning some 900 entries into [`Entry`] values.
pub static AUTOMATON: LazyLock<Option<CharwiseDoubleArrayAhoCorasick<u32>>> = LazyLock::new(|| {
    CharwiseDoubleArrayAhoCorasick::deserialize(AUTOMATON_BYTES)
        .ok()
        .map(|(a, _)| a)
});

pub struct BuiltIn {
    pub entries: Vec<Entry>,
    /// Built-in entries that could not be used, with why: always empty in
    /// a release (a test checks), never a panic.
    pub problems: Vec<String>,
}

impl BuiltIn {
    /// The (entry, wrong form) pairs an automaton value stands for.
    pub fn owners(value: u32) -> &'static [(u32, u8)] {
        tables::PATTERNS.get(value as usize).copied().unwrap_or(&[])
    }
}

pub static BUILT_IN: LazyLock<BuiltIn> = LazyLock::new(|| {
    let mut problems = Vec::new();
    let entries = tables::ENTRIES
        .iter()
        .map(|s| {
            let p = &tables::PACKS[s.pack];
            let raw = RawEntry {
                wrong: s.wrong,
                right: s.right,
                rule: s.rule,
                source: s.source,
                note: s.note,
                fix: s.fix,
                boundary: s.boundary,
                before: s.before,
                after: s.after,
                not_before: s.not_before,
                not_after: s.not_after,
                flag: s.flag,
                pass: s.pass,
            };
            let defaults = Defaults {
                rule: p.rule,
                source: p.source,
            };
            let origin = Origin {
                pack: p.name.to_string(),
                line: s.line,
            };
            pack::build(&raw, defaults, origin.clone()).unwrap_or_else(|e| {
                problems.push(format!("{}:{}: {e}", origin.pack, origin.line));
                // Kept in place so indices stay right, but never matched.
                inert(origin)
            })
        })
        .collect();
    if AUTOMATON.is_none() {
        problems.push("内置词表的自动机无法读取".to_string());
    }
    BuiltIn { entries, problems }
});

fn inert(origin: Origin) -> Entry {
    Entry {
        wrong: Vec::new(),
        right: Vec::new(),
        rule: crate::engine::registry::Rule::Typo,
        source: String::new(),
        note: None,
        fix: false,
        boundary: Vec::new(),
        before: Vec::new(),
        after: Vec::new(),
        not_before: Vec::new(),
        not_after: Vec::new(),
        flag: Vec::new(),
        pass: Vec::new(),
        origin,
    }
}
