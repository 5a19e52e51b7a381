//! The term lexicon: one mechanism for every rule that matches words from a
//! list — `typo`, `word-choice` and `formulation`, built in and from users'
//! packs. An entry has wrong and right forms, a source, optional conditions
//! on the text around a match, and examples it must flag and must leave
//! alone (run as tests for built-in entries and when a user's pack loads).
//!
//! A paragraph is scanned once for all three rules: the built-in automaton
//! (compiled into the binary by `build.rs`), the user's, the generated
//! long-tail layer and the roster; then conditions, word boundaries (the
//! segmenter runs only for paragraphs with a candidate), the allow list, and
//! one overlap resolution for all of them.

pub mod builtin;
pub mod entry;
pub mod pack;
pub mod schema;
pub mod selftest;

use std::cell::OnceCell;
use std::ops::Range;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

pub use builtin::{StaticGroup, BUILT_IN, GROUPS};
pub use entry::{Boundary, Entry};
pub use pack::PackError;

use crate::engine::finding::Finding;
use crate::engine::registry::Rule;

/// Which entry a hit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    BuiltIn(u32),
    User(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the paragraph.
    pub range: Range<usize>,
    pub term: Term,
}

/// The user's part of the lexicon: entries from packs, the allow list.
#[derive(Default)]
pub struct Lexicon {
    user: Vec<Entry>,
    automaton: Option<Automaton>,
    patterns: Owners,
    /// Texts never flagged by the lexicon rules.
    allow: Vec<String>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("user", &self.user.len())
            .field("allow", &self.allow)
            .finish()
    }
}

type Automaton = CharwiseDoubleArrayAhoCorasick<u32>;
/// Per automaton value: the (entry, wrong form) pairs of that pattern.
type Owners = Vec<Vec<(u32, u8)>>;

/// One automaton over the wrong forms of `entries`: patterns must be
/// unique, so a pattern stands for every entry that has it.
fn automaton(entries: &[Entry]) -> (Option<Automaton>, Owners) {
    let mut by_pattern: std::collections::BTreeMap<&str, Vec<(u32, u8)>> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        for (k, w) in e.wrong.iter().enumerate() {
            by_pattern.entry(w).or_default().push((i as u32, k as u8));
        }
    }
    if by_pattern.is_empty() {
        return (None, Vec::new());
    }
    let built = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build_with_values(by_pattern.keys().enumerate().map(|(i, p)| (*p, i as u32)))
        .ok();
    (built, by_pattern.into_values().collect())
}

impl Lexicon {
    pub fn new(user: Vec<Entry>, allow: Vec<String>) -> Lexicon {
        let (automaton, patterns) = automaton(&user);
        Lexicon {
            user,
            automaton,
            patterns,
            allow: allow.into_iter().filter(|a| !a.is_empty()).collect(),
        }
    }

    pub fn entry(&self, term: Term) -> Option<&Entry> {
        match term {
            Term::BuiltIn(i) => BUILT_IN.entries.get(i as usize),
            Term::User(i) => self.user.get(i as usize),
        }
    }

    pub fn user_entries(&self) -> &[Entry] {
        &self.user
    }

    /// The terms of the enabled rules in one paragraph, without overlaps:
    /// the longest at each place, a user's entry before a built-in one.
    pub fn scan(&self, text: &str, enabled: impl Fn(Rule) -> bool) -> Vec<Hit> {
        let bounds: OnceCell<Vec<usize>> = OnceCell::new();
        let bounds = || bounds.get_or_init(|| selftest::token_boundaries(text));
        let mut hits: Vec<(Hit, u8)> = Vec::new();
        let mut consider = |entry: &Entry, k: u8, range: Range<usize>, term: Term, rank: u8| {
            if !enabled(entry.rule) || !entry.context_allows(text, &range) {
                return;
            }
            if entry.boundary.get(k as usize) == Some(&Boundary::Token)
                && !selftest::on_boundaries(bounds(), &range)
            {
                return;
            }
            hits.push((Hit { range, term }, rank));
        };
        if let Some(user) = &self.automaton {
            for m in user.find_overlapping_iter(text) {
                for &(e, k) in self.patterns.get(m.value() as usize).into_iter().flatten() {
                    if let Some(entry) = self.user.get(e as usize) {
                        consider(entry, k, m.start()..m.end(), Term::User(e), 0);
                    }
                }
            }
        }
        let built_in = &*BUILT_IN;
        if let Some(automaton) = &built_in.automaton {
            for m in automaton.find_overlapping_iter(text) {
                for &(e, k) in builtin::BuiltIn::owners(m.value()) {
                    if let Some(entry) = built_in.entries.get(e as usize) {
                        if (k as usize) < entry.wrong.len() {
                            consider(entry, k, m.start()..m.end(), Term::BuiltIn(e), 1);
                        }
                    }
                }
            }
        }
        if hits.is_empty() {
            return Vec::new();
        }
        if !self.allow.is_empty() {
            let allowed: Vec<Range<usize>> = self
                .allow
                .iter()
                .flat_map(|a| text.match_indices(a.as_str()).map(|(i, _)| i..i + a.len()))
                .collect();
            hits.retain(|(h, _)| {
                !allowed
                    .iter()
                    .any(|a| a.start <= h.range.start && h.range.end <= a.end)
            });
        }
        hits.sort_by(|(a, ra), (b, rb)| {
            (a.range.start, std::cmp::Reverse(a.range.end), ra).cmp(&(
                b.range.start,
                std::cmp::Reverse(b.range.end),
                rb,
            ))
        });
        let mut out: Vec<Hit> = Vec::new();
        let mut covered = 0;
        for (h, _) in hits {
            if h.range.start < covered {
                continue;
            }
            covered = h.range.end;
            out.push(h);
        }
        out
    }

    /// The finding a hit makes for `rule`, if the hit is of that rule.
    pub fn finding(&self, text: &str, hit: &Hit, rule: Rule) -> Option<Finding> {
        let entry = self.entry(hit.term)?;
        if entry.rule != rule {
            return None;
        }
        let got = &text[hit.range.clone()];
        let mut message = match (rule, entry.right.as_slice()) {
            (_, []) => format!("“{got}”有误"),
            (Rule::Formulation, [r]) => format!("提法有误：“{got}”应为“{r}”"),
            (Rule::WordChoice, rights) => format!("“{got}”宜为“{}”", rights.join("”或“")),
            (_, rights) => format!("“{got}”应为“{}”", rights.join("”或“")),
        };
        if let Some(note) = &entry.note {
            message.push('：');
            message.push_str(note.trim_end_matches('。'));
        }
        if rule == Rule::WordChoice {
            message.push_str("；需视语境而定");
        }
        message.push_str(&format!("（依据：{}）", entry.source));
        let f = Finding::new(rule, hit.range.clone(), message);
        Some(match entry.fix_text() {
            Some(fix) => f.with_fix(fix),
            None => f,
        })
    }
}

#[cfg(test)]
mod tests;
