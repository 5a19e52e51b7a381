//! The rules, one module each, wired to the registry by [`checks`].

mod document_number;
mod doubled_punctuation;
pub mod formulation;
mod halfwidth_punctuation;
mod list_punctuation;
mod marker_style;
pub mod misnumbered;
mod number_usage;
mod over_length;
mod pairs;
mod placeholder;
mod quote_nesting;
mod repeated_word;
mod split_word;
mod stray_space;
mod terms;
mod typo;
mod unbalanced_bracket;
mod unbalanced_quote;
mod word_choice;

use std::cell::OnceCell;

use super::config::Config;
use super::finding::Finding;
use super::lexicon::Hit;
use super::markers::ParagraphMarkers;
use super::registry::{Rule, RULES};
use super::text::{DocumentKind, Paragraph, Prepared};

/// What a paragraph rule sees.
pub struct ParagraphContext<'a> {
    pub paragraph: &'a Paragraph<'a>,
    /// The first character of the next paragraph (multi-paragraph quotations).
    pub next_starts_with: Option<char>,
    pub kind: DocumentKind,
    pub config: &'a Config,
    /// The lexicon's terms in this paragraph, scanned once for the three
    /// rules that use them.
    pub terms: OnceCell<Vec<Hit>>,
}

impl ParagraphContext<'_> {
    pub fn terms(&self) -> &[Hit] {
        self.terms.get_or_init(|| {
            let config = self.config;
            config
                .lexicon()
                .scan(self.paragraph.text, |rule| config.is_enabled(rule))
        })
    }
}

/// What a document rule sees; `markers[i]` are those of `paragraphs[i]`.
pub struct DocumentContext<'a> {
    pub paragraphs: &'a [Paragraph<'a>],
    pub markers: &'a [&'a ParagraphMarkers],
    pub config: &'a Config,
    /// The whole document, for rules that need its outline.
    pub prepared: &'a Prepared<'a>,
    /// The numbered series, read once for the rules that need them
    /// (misnumbered, list-punctuation): on a keystroke in a long report
    /// this pass is most of the document-wide work.
    pub series: std::cell::OnceCell<Vec<Vec<misnumbered::Item>>>,
}

impl DocumentContext<'_> {
    pub fn series(&self) -> &[Vec<misnumbered::Item>] {
        self.series
            .get_or_init(|| misnumbered::series(self.paragraphs, self.markers))
    }
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
        Rule::Misnumbered => (None, Some(|cx, out| misnumbered::check(cx.series(), out))),
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
        Rule::Formulation => (Some(formulation::check), None),
        Rule::SplitWord => (Some(|cx, out| split_word::check(cx.paragraph, out)), None),
        Rule::Typo => (Some(typo::check), None),
        Rule::WordChoice => (Some(word_choice::check), None),
        Rule::NumberUsage => (
            Some(|cx, out| number_usage::check(cx.paragraph, out)),
            Some(|cx, out| number_usage::check_document(cx.paragraphs, out)),
        ),
        Rule::OverLength => (None, Some(over_length::check)),
        Rule::ListPunctuation => (
            Some(|cx, out| list_punctuation::check(cx.paragraph, out)),
            Some(|cx, out| {
                list_punctuation::check_series(cx.paragraphs, cx.markers, cx.series(), out)
            }),
        ),
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
