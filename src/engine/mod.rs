//! The analysis engine: text + document kind + configuration in, findings and
//! outline out. Pure: no I/O, no editor or protocol types. Ranges are byte
//! offsets into the analysed text; callers convert them for display.

mod chars;
pub mod config;
pub mod finding;
pub mod markers;
pub mod outline;
pub mod registry;
mod rules;
pub mod segment;
pub mod text;

use std::ops::Range;

pub use config::{Config, ConfigError, Level, Settings};
pub use finding::{Finding, Fix, Severity};
pub use outline::{Symbol, SymbolKind};
pub use registry::{Rule, RuleInfo, RULES};
pub use text::{DocumentKind, LineIndex};

use text::{Paragraph, Prepared};

/// Everything the engine says about one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub outline: Vec<Symbol>,
}

pub fn analyze(text: &str, kind: DocumentKind, config: &Config) -> Analysis {
    let prepared = Prepared::new(text, kind);
    Analysis {
        findings: findings_of(&prepared, kind, config),
        outline: outline::outline(&prepared),
    }
}

pub fn check(text: &str, kind: DocumentKind, config: &Config) -> Vec<Finding> {
    findings_of(&Prepared::new(text, kind), kind, config)
}

pub fn outline(text: &str, kind: DocumentKind) -> Vec<Symbol> {
    outline::outline(&Prepared::new(text, kind))
}

/// Edits that renumber the rest of the numbered list whose marker is at
/// byte offset `at`: what a "renumber the rest" code action applies.
pub fn renumber_from(
    text: &str,
    kind: DocumentKind,
    at: usize,
) -> Option<Vec<(Range<usize>, String)>> {
    let prepared = Prepared::new(text, kind);
    let paragraphs: Vec<Paragraph> = prepared.paragraphs().collect();
    rules::misnumbered::renumbering(&paragraphs, at)
}

fn findings_of(prepared: &Prepared, kind: DocumentKind, config: &Config) -> Vec<Finding> {
    let paragraphs: Vec<Paragraph> = prepared.paragraphs().collect();
    let mut findings = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let next = paragraphs.get(i + 1).and_then(|n| n.text.chars().next());
        findings.extend(
            rules::check_paragraph(p, next, kind, config)
                .into_iter()
                .map(|f| f.shifted(p.start)),
        );
    }
    findings.extend(rules::check_document(&paragraphs, config));
    finish(findings, config)
}

/// Applies configured severities and puts findings in document order.
fn finish(mut findings: Vec<Finding>, config: &Config) -> Vec<Finding> {
    findings.retain_mut(|f| match config.explicit_level(f.rule) {
        Some(Level::Off) => false,
        Some(Level::On(severity)) => {
            f.severity = severity;
            true
        }
        None => true,
    });
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    findings.dedup();
    findings
}

#[cfg(test)]
pub(crate) mod testing {
    use std::sync::LazyLock;

    use super::*;

    pub static DEFAULT: LazyLock<Config> = LazyLock::new(Config::default);

    pub fn findings(text: &str, config: &Config) -> Vec<Finding> {
        check(text, DocumentKind::PlainText, config)
    }

    /// The flagged substrings of `text` for `rule`.
    pub fn flagged(text: &str, rule: Rule, config: &Config) -> Vec<String> {
        check(text, DocumentKind::PlainText, config)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| text[f.range].to_string())
            .collect()
    }

    pub fn flagged_md(text: &str, rule: Rule) -> Vec<String> {
        check(text, DocumentKind::Markdown, &DEFAULT)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| text[f.range].to_string())
            .collect()
    }
}
