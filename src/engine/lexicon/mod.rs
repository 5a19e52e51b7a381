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
pub mod generated;
pub mod pack;
pub mod roster;
pub mod schema;
pub mod selftest;

use std::cell::OnceCell;
use std::ops::Range;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};

pub use builtin::{StaticGroup, StaticName, BUILT_IN, GROUPS, NAMES};
pub use entry::{Boundary, Entry};
pub use pack::PackError;
pub use roster::{Person, Roster, RosterHit};

use crate::engine::finding::Finding;
use crate::engine::registry::Rule;
use crate::engine::segment;

/// Which entry a hit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Term {
    BuiltIn(u32),
    User(u32),
    /// A variant of the generated layer (its record).
    Generated(u32),
    Roster(RosterHit),
}

/// What a term says, whatever its kind: for messages and hover.
#[derive(Debug, Clone)]
pub struct TermView<'a> {
    pub rule: Rule,
    pub right: Vec<&'a str>,
    pub source: &'a str,
    pub note: Option<String>,
    pub fix: Option<&'a str>,
    /// A variant suspected from its likeness to a listed word.
    pub suspected: bool,
    /// Texts the term flags and leaves alone (entries only).
    pub flag: &'a [String],
    pub pass: &'a [String],
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
    roster: Roster,
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
    pub fn new(user: Vec<Entry>, allow: Vec<String>, people: Vec<Person>) -> Lexicon {
        let (automaton, patterns) = automaton(&user);
        Lexicon {
            user,
            automaton,
            patterns,
            allow: allow.into_iter().filter(|a| !a.is_empty()).collect(),
            roster: Roster::new(people),
        }
    }

    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    pub fn entry(&self, term: Term) -> Option<&Entry> {
        match term {
            Term::BuiltIn(i) => BUILT_IN.entries.get(i as usize),
            Term::User(i) => self.user.get(i as usize),
            Term::Generated(_) | Term::Roster(_) => None,
        }
    }

    /// What the term of a hit says.
    pub fn view(&self, term: Term) -> Option<TermView<'_>> {
        if let Term::Generated(i) = term {
            let v = generated::variant(i)?;
            let (word, source, rule) = generated::word(v.word)?;
            let right_char = word.chars().nth(v.position as usize)?;
            let why = match v.kind {
                generated::Kind::Homophone => "同音",
                generated::Kind::Lookalike => "形近",
                generated::Kind::Confused => "常被混用",
                generated::Kind::NearHomophone => "音近",
            };
            return Some(TermView {
                rule,
                right: vec![word],
                source,
                note: Some(format!("“{}”与“{right_char}”{why}", v.ch)),
                fix: Some(word),
                suspected: true,
                flag: &[],
                pass: &[],
            });
        }
        if let Term::Roster(hit) = term {
            return self.roster_view(hit);
        }
        let e = self.entry(term)?;
        Some(TermView {
            rule: e.rule,
            right: e.right.iter().map(String::as_str).collect(),
            source: &e.source,
            note: e.note.clone(),
            fix: e.fix_text(),
            suspected: false,
            flag: &e.flag,
            pass: &e.pass,
        })
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
        if let Some(automaton) = &*builtin::AUTOMATON {
            for m in automaton.find_overlapping_iter(text) {
                let built_in = &*BUILT_IN;
                for &(e, k) in builtin::BuiltIn::owners(m.value()) {
                    if let Some(entry) = built_in.entries.get(e as usize) {
                        if (k as usize) < entry.wrong.len() {
                            consider(entry, k, m.start()..m.end(), Term::BuiltIn(e), 1);
                        }
                    }
                }
            }
        }
        if !self.roster.is_empty() {
            self.roster.scan(text, |range, hit| {
                let rule = match hit {
                    RosterHit::Name { .. } => Rule::Typo,
                    RosterHit::Post { .. } => Rule::WordChoice,
                };
                if enabled(rule) {
                    let term = Term::Roster(hit);
                    hits.push((Hit { range, term }, 1));
                }
            });
        }
        if enabled(Rule::Typo) || enabled(Rule::Formulation) {
            generated::find(text, |range, i| {
                let word = generated::variant(i).and_then(|v| generated::word(v.word));
                let rule = word.map(|w| w.2);
                // A listed word's variant is a typo only where it stands
                // between words: inside a word of the dictionary it is part
                // of a word that is right, unless that word is the same
                // compound misspelt (the dictionary has 会议记要 beside 会议纪要).
                let aligned = (bounds().binary_search(&range.start).is_ok()
                    && bounds().binary_search(&range.end).is_ok())
                    || word
                        .is_some_and(|(w, _, _)| in_misspelt_compound(text, bounds(), &range, w));
                if rule.is_some_and(&enabled) && aligned {
                    hits.push((
                        Hit {
                            range,
                            term: Term::Generated(i),
                        },
                        2,
                    ));
                }
            });
        }
        // A firm may be named anything (`宏扬新材料科技有限公司`): what the
        // lexicon knows of words says nothing about a name.
        hits.retain(|(h, _)| {
            matches!(h.term, Term::User(_) | Term::Roster(_)) || !starts_firm_name(text, &h.range)
        });
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

    fn roster_view(&self, hit: RosterHit) -> Option<TermView<'_>> {
        let people = &self.roster.people;
        const SOURCE: &str = "人员名单（report-lsp.toml 的 [[roster]]）";
        Some(match hit {
            RosterHit::Name { person } => {
                let p = people.get(person as usize)?;
                TermView {
                    rule: Rule::Typo,
                    right: vec![p.name.as_str()],
                    source: SOURCE,
                    note: Some("与名单中的姓名只差一个同音字或形近字".into()),
                    fix: Some(p.name.as_str()),
                    suspected: true,
                    flag: &[],
                    pass: &[],
                }
            }
            RosterHit::Post { named, owner, post } => {
                let n = people.get(named as usize)?;
                let o = people.get(owner as usize)?;
                let written = o.posts.get(post as usize)?;
                let note = if n.posts.is_empty() {
                    format!("名单中“{written}”是{}的职务", o.name)
                } else {
                    format!(
                        "名单中{}的职务是“{}”，“{written}”是{}的职务",
                        n.name,
                        n.posts.join("、"),
                        o.name
                    )
                };
                TermView {
                    rule: Rule::WordChoice,
                    right: n.posts.iter().map(String::as_str).collect(),
                    source: SOURCE,
                    note: Some(note),
                    fix: None,
                    suspected: false,
                    flag: &[],
                    pass: &[],
                }
            }
        })
    }

    /// The finding a hit makes for `rule`, if the hit is of that rule.
    pub fn finding(&self, text: &str, hit: &Hit, rule: Rule) -> Option<Finding> {
        let view = self.view(hit.term)?;
        if view.rule != rule {
            return None;
        }
        let got = &text[hit.range.clone()];
        let rights = view.right.join("”或“");
        let mut message = match (rule, view.right.is_empty(), view.suspected) {
            (_, true, _) => format!("“{got}”有误"),
            (Rule::Formulation, _, true) => format!("提法有误：“{got}”疑为“{rights}”之误"),
            (Rule::Formulation, _, false) => format!("提法有误：“{got}”应为“{rights}”"),
            (Rule::WordChoice, _, _) => format!("“{got}”宜为“{rights}”"),
            (_, _, true) => format!("“{got}”疑为“{rights}”之误"),
            (_, _, false) => format!("“{got}”应为“{rights}”"),
        };
        if let Some(note) = &view.note {
            message.push('：');
            message.push_str(note.trim_end_matches('。'));
        }
        if rule == Rule::WordChoice {
            message.push_str("；需视语境而定");
        }
        message.push_str(&format!("（依据：{}）", view.source));
        let mut f = Finding::new(rule, hit.range.clone(), message);
        f.term = Some(hit.term);
        Some(match view.fix {
            Some(fix) => f.with_fix(fix),
            None => f,
        })
    }
}

#[cfg(test)]
mod tests;

/// Whether `range` opens the name of a firm: it starts a clause (or follows
/// a word that introduces a party: 由, 与, 向 …) and, without punctuation,
/// two to ten more characters lead to a firm's suffix (`有限公司`, `集团` …).
/// Whether `range` lies inside one token that is a dictionary word and
/// that, with `right` in place of the range, is a dictionary word too: a
/// compound the dictionary also records misspelt.
fn in_misspelt_compound(text: &str, bounds: &[usize], range: &Range<usize>, right: &str) -> bool {
    let at = bounds.partition_point(|&b| b <= range.start);
    let (Some(&start), Some(&end)) = (bounds.get(at.wrapping_sub(1)), bounds.get(at)) else {
        return false;
    };
    if range.end > end || (start, end) == (range.start, range.end) {
        return false;
    }
    let (Some(before), Some(after)) = (text.get(start..range.start), text.get(range.end..end))
    else {
        return false;
    };
    segment::has_word(&text[start..end]) && segment::has_word(&format!("{before}{right}{after}"))
}

fn starts_firm_name(text: &str, range: &Range<usize>) -> bool {
    const SUFFIXES: [&str; 6] = ["有限公司", "公司", "集团", "合作社", "商行", "工作室"];
    const INTRODUCERS: &str = "由与和及同向对在为给把被从、“‘《（(：:，,。；;！？ \t";
    let opens = text[..range.start]
        .chars()
        .next_back()
        .is_none_or(|c| INTRODUCERS.contains(c));
    if !opens {
        return false;
    }
    let rest = &text[range.end..];
    let name_len = rest
        .char_indices()
        .take_while(|&(_, c)| crate::engine::chars::is_han(c) || c.is_ascii_alphanumeric())
        .take(16)
        .count();
    let name: String = rest.chars().take(name_len).collect();
    SUFFIXES.iter().any(|suffix| {
        name.find(suffix).is_some_and(|at| {
            let before = name[..at].chars().count();
            (2..=10).contains(&before)
        })
    })
}
