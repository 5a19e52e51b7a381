//! A term at run time: built-in and user entries alike.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::engine::registry::Rule;

/// Where a match may start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// Only where the segmenter puts word boundaries: `布署` in `认真布署`,
    /// never in `公布署名` (公布|署名).
    Token,
    /// Anywhere: long, unambiguous texts.
    Any,
}

impl Boundary {
    /// Short wrong forms of the word rules stand between words; longer ones
    /// (and formulations) are specific enough anywhere.
    pub fn default_for(rule: Rule, wrong: &str) -> Boundary {
        if rule != Rule::Formulation && wrong.chars().count() <= 3 {
            Boundary::Token
        } else {
            Boundary::Any
        }
    }
}

/// A condition on the text just before or just after a match: a word, or a
/// pattern (a regular expression anchored at the match).
#[derive(Debug)]
pub enum Cond {
    Word(String),
    Pattern {
        source: String,
        /// Compiled on first use: built-in packs hold dozens of patterns and
        /// most reports never reach most of them.
        compiled: OnceLock<Option<Regex>>,
    },
}

/// How far back a `前接` pattern looks, in bytes (about 24 Han characters);
/// a `后接` pattern is anchored at the match and reads on to the end of the
/// paragraph, so its `$` is the paragraph's end.
const WINDOW: usize = 72;

impl Cond {
    pub fn pattern(source: &str) -> Cond {
        Cond::Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        }
    }

    /// The pattern compiled for one side; `None` when it does not compile.
    fn regex<'a>(
        source: &str,
        compiled: &'a OnceLock<Option<Regex>>,
        side: Side,
    ) -> Option<&'a Regex> {
        compiled
            .get_or_init(|| {
                let anchored = match side {
                    Side::Before => format!("(?:{source})$"),
                    Side::After => format!("^(?:{source})"),
                };
                regex::RegexBuilder::new(&anchored)
                    .size_limit(1 << 20)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Whether the pattern compiles (checked when a pack loads).
    pub fn check(&self, side: Side) -> Result<(), String> {
        match self {
            Cond::Word(w) if w.is_empty() => Err("条件不能为空".into()),
            Cond::Word(_) => Ok(()),
            Cond::Pattern { source, compiled } => Cond::regex(source, compiled, side)
                .map(|_| ())
                .ok_or_else(|| format!("条件中的正则表达式 /{source}/ 无效")),
        }
    }

    fn holds(&self, text: &str, at: &Range<usize>, side: Side) -> bool {
        match (self, side) {
            (Cond::Word(w), Side::Before) => text[..at.start].ends_with(w.as_str()),
            (Cond::Word(w), Side::After) => text[at.end..].starts_with(w.as_str()),
            (Cond::Pattern { source, compiled }, _) => {
                let Some(re) = Cond::regex(source, compiled, side) else {
                    return false;
                };
                let window = match side {
                    Side::Before => {
                        &text[ceil_char(text, at.start.saturating_sub(WINDOW))..at.start]
                    }
                    Side::After => &text[at.end..],
                };
                re.is_match(window)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where an entry was written: the pack and the line, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub pack: String,
    pub line: usize,
}

#[derive(Debug)]
pub struct Entry {
    /// The wrong forms; each is matched.
    pub wrong: Vec<String>,
    /// The right forms; the first is the fix.
    pub right: Vec<String>,
    pub rule: Rule,
    /// The authority for the right form.
    pub source: String,
    /// Why, in a sentence.
    pub note: Option<String>,
    /// Whether the first right form replaces the match unseen.
    pub fix: bool,
    /// Per wrong form.
    pub boundary: Vec<Boundary>,
    pub before: Vec<Cond>,
    pub after: Vec<Cond>,
    pub not_before: Vec<Cond>,
    pub not_after: Vec<Cond>,
    /// Texts the entry must flag, and texts it must leave alone.
    pub flag: Vec<String>,
    pub pass: Vec<String>,
    pub origin: Origin,
}

impl Entry {
    /// Whether the conditions allow a match of this entry at `at` in `text`.
    pub fn context_allows(&self, text: &str, at: &Range<usize>) -> bool {
        let any = |conds: &[Cond], side| conds.iter().any(|c| c.holds(text, at, side));
        (self.before.is_empty() || any(&self.before, Side::Before))
            && (self.after.is_empty() || any(&self.after, Side::After))
            && !any(&self.not_before, Side::Before)
            && !any(&self.not_after, Side::After)
    }

    pub fn has_conditions(&self) -> bool {
        !(self.before.is_empty()
            && self.after.is_empty()
            && self.not_before.is_empty()
            && self.not_after.is_empty())
    }

    /// The replacement a fix offers, when the correction is certain.
    pub fn fix_text(&self) -> Option<&str> {
        (self.fix && !self.right.is_empty()).then(|| self.right[0].as_str())
    }
}
