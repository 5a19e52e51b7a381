//! What the engine reports: plain byte ranges, no editor or protocol types.

use std::ops::Range;

use serde::Serialize;

use super::lexicon::Term;
use super::registry::Rule;
use super::severity::Severity;

/// Replacement text for the finding's whole range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Byte range in the analysed text; always on `char` boundaries.
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    /// The lexicon term behind a `typo`, `word-choice` or `formulation`
    /// finding: its source and examples explain it on hover.
    pub term: Option<Term>,
}

impl Finding {
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.info().default_severity,
            range,
            message: message.into(),
            fix: None,
            term: None,
        }
    }

    pub fn with_fix(mut self, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            replacement: replacement.into(),
        });
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Moves a paragraph-relative finding to document coordinates.
    pub(crate) fn shifted(mut self, by: usize) -> Self {
        self.range = self.range.start + by..self.range.end + by;
        self
    }
}
