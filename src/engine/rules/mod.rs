//! The rules, one module each, wired to the registry by [`checks`].

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
use super::registry::{Rule, RULES};
use super::text::{DocumentKind, Paragraph};

/// What a paragraph rule sees.
pub struct ParagraphContext<'a> {
    pub paragraph: &'a Paragraph<'a>,
    /// The first character of the next paragraph (multi-paragraph quotations).
    pub next_starts_with: Option<char>,
    pub kind: DocumentKind,
    pub config: &'a Config,
}

/// What a document rule sees; `markers[i]` are those of `paragraphs[i]`.
pub struct DocumentContext<'a> {
    pub paragraphs: &'a [Paragraph<'a>],
    pub markers: &'a [&'a ParagraphMarkers],
    pub config: &'a Config,
}

type ParagraphCheck = fn(&ParagraphContext, &mut Vec<Finding>);
type DocumentCheck = fn(&DocumentContext, &mut Vec<Finding>);

/// How each rule runs: per paragraph (relative offsets, cached per
/// paragraph), over the whole document (document offsets), or both. The
/// match is exhaustive, so a rule added to the registry cannot be left
/// unwired.
fn checks(rule: Rule) -> (Option<ParagraphCheck>, Option<DocumentCheck>) {
    match rule {
        Rule::Placeholder => (
            Some(|cx, out| placeholder::check(cx.paragraph, cx.kind, cx.config, out)),
            None,
        ),
        Rule::RepeatedWord => (
            Some(|cx, out| repeated_word::check(cx.paragraph, cx.config, out)),
            None,
        ),
        Rule::UnbalancedQuote => (
            Some(|cx, out| unbalanced_quote::check(cx.paragraph, cx.next_starts_with, out)),
            None,
        ),
        Rule::UnbalancedBracket => (
            Some(|cx, out| unbalanced_bracket::check(cx.paragraph, out)),
            Some(|cx, out| unbalanced_bracket::check_title_lines(cx.paragraphs, out)),
        ),
        Rule::Misnumbered => (
            None,
            Some(|cx, out| misnumbered::check(cx.paragraphs, cx.markers, out)),
        ),
        Rule::MarkerStyle => (
            Some(|cx, out| marker_style::check(cx.paragraph, out)),
            Some(|cx, out| marker_style::check_levels(cx.paragraphs, cx.markers, out)),
        ),
        Rule::QuoteNesting => (
            Some(|cx, out| quote_nesting::check(cx.paragraph, out)),
            None,
        ),
        Rule::HalfwidthPunctuation => (
            Some(|cx, out| halfwidth_punctuation::check(cx.paragraph, out)),
            None,
        ),
        Rule::DoubledPunctuation => (
            Some(|cx, out| doubled_punctuation::check(cx.paragraph, out)),
            None,
        ),
        Rule::StraySpace => (Some(|cx, out| stray_space::check(cx.paragraph, out)), None),
        Rule::DocumentNumber => (
            Some(|cx, out| document_number::check(cx.paragraph, out)),
            None,
        ),
        Rule::Formulation => (
            Some(|cx, out| formulation::check(cx.paragraph, cx.config, out)),
            None,
        ),
        Rule::SplitWord => (Some(|cx, out| split_word::check(cx.paragraph, out)), None),
    }
}

/// Findings of one paragraph, in paragraph-relative byte offsets.
pub fn check_paragraph(cx: &ParagraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for info in RULES.iter().filter(|i| cx.config.is_enabled(i.rule)) {
        if let (Some(check), _) = checks(info.rule) {
            check(cx, &mut out);
        }
    }
    out
}

/// Findings that need the whole document, in document byte offsets.
pub fn check_document(cx: &DocumentContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for info in RULES.iter().filter(|i| cx.config.is_enabled(i.rule)) {
        if let (_, Some(check)) = checks(info.rule) {
            check(cx, &mut out);
        }
    }
    out
}
