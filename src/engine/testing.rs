//! Helpers for the rule tests: what a rule flags in a text, and its fixes.

use std::sync::LazyLock;

use super::{check, Config, DocumentKind, Finding, Rule};

pub static DEFAULT: LazyLock<Config> = LazyLock::new(Config::default);

pub fn findings(text: &str, config: &Config) -> Vec<Finding> {
    check(text, DocumentKind::PlainText, config)
}

/// The flagged substrings of `text` for `rule`.
pub fn flagged(text: &str, rule: Rule, config: &Config) -> Vec<String> {
    flagged_in(text, DocumentKind::PlainText, rule, config)
}

fn flagged_in(text: &str, kind: DocumentKind, rule: Rule, config: &Config) -> Vec<String> {
    check(text, kind, config)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| text[f.range].to_string())
        .collect()
}

/// Each finding of `rule` in `text` under the default configuration:
/// the flagged substring and the replacement its fix offers.
pub fn fixes(text: &str, rule: Rule) -> Vec<(String, Option<String>)> {
    findings(text, &DEFAULT)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (text[f.range].to_string(), f.fix.map(|fix| fix.replacement)))
        .collect()
}

pub fn flagged_md(text: &str, rule: Rule) -> Vec<String> {
    flagged_in(text, DocumentKind::Markdown, rule, &DEFAULT)
}
