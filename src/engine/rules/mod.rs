//! The rules. Paragraph rules see one paragraph (and the first character of
//! the next, for multi-paragraph quotations); document rules see them all.

mod document_number;
mod doubled_punctuation;
pub mod formulation;
mod halfwidth_punctuation;
mod marker_style;
pub mod misnumbered;
mod pairs;
mod placeholder;
mod quote_nesting;
mod repeated_word;
mod split_word;
mod stray_space;
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
    if config.is_enabled(Rule::MarkerStyle) {
        marker_style::check(p, &mut out);
    }
    if config.is_enabled(Rule::QuoteNesting) {
        quote_nesting::check(p, &mut out);
    }
    if config.is_enabled(Rule::HalfwidthPunctuation) {
        halfwidth_punctuation::check(p, &mut out);
    }
    if config.is_enabled(Rule::DoubledPunctuation) {
        doubled_punctuation::check(p, &mut out);
    }
    if config.is_enabled(Rule::StraySpace) {
        stray_space::check(p, &mut out);
    }
    if config.is_enabled(Rule::DocumentNumber) {
        document_number::check(p, &mut out);
    }
    if config.is_enabled(Rule::Formulation) {
        formulation::check(p, config, &mut out);
    }
    if config.is_enabled(Rule::SplitWord) {
        split_word::check(p, &mut out);
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
    if config.is_enabled(Rule::MarkerStyle) {
        marker_style::check_levels(paragraphs, &mut out);
    }
    out
}
