//! The rules. Paragraph rules see one paragraph (and the first character of
//! the next, for multi-paragraph quotations); document rules see them all.

pub mod misnumbered;
mod pairs;
mod placeholder;
mod repeated_word;
mod unbalanced_bracket;
mod unbalanced_quote;

use super::config::Config;
use super::finding::Finding;
use super::markers::ParagraphMarkers;
use super::registry::Rule;
use super::text::{DocumentKind, Paragraph};

/// Findings of one paragraph, in paragraph-relative byte offsets.
pub fn check_paragraph(
    p: &Paragraph,
    next_starts_with: Option<char>,
    kind: DocumentKind,
    config: &Config,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if config.is_enabled(Rule::Placeholder) {
        placeholder::check(p, kind, config, &mut out);
    }
    if config.is_enabled(Rule::RepeatedWord) {
        repeated_word::check(p, config, &mut out);
    }
    if config.is_enabled(Rule::UnbalancedQuote) {
        unbalanced_quote::check(p, next_starts_with, &mut out);
    }
    if config.is_enabled(Rule::UnbalancedBracket) {
        unbalanced_bracket::check(p, &mut out);
    }
    out
}

/// Findings that need the whole document, in document byte offsets.
/// `markers[i]` are the numbering markers of `paragraphs[i]`.
pub fn check_document(
    paragraphs: &[Paragraph],
    markers: &[&ParagraphMarkers],
    config: &Config,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if config.is_enabled(Rule::Misnumbered) {
        misnumbered::check(paragraphs, markers, &mut out);
    }
    out
}
