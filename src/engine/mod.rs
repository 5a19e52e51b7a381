//! The analysis engine: text + document kind + configuration in, findings and
//! outline out. Pure: no I/O, no editor or protocol types. Ranges are byte
//! offsets into the analysed text; callers convert them for display.

mod chars;
pub mod config;
pub mod docs;
pub mod finding;
pub mod lexicon;
pub mod markers;
pub mod outline;
pub mod registry;
mod rules;
pub mod segment;
pub mod severity;
pub mod suppress;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
mod titles;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

pub use config::{Config, ConfigError, Level, Settings};
pub use finding::{Finding, Fix};
pub use outline::{Symbol, SymbolKind};
pub use registry::{Rule, RuleInfo, RULES};
pub use severity::Severity;
pub use text::DocumentKind;

use markers::ParagraphMarkers;
use rustc_hash::{FxHashMap, FxHasher};
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
        findings: findings_of(&prepared, kind, config, None),
        outline: outline::outline(&prepared),
    }
}

pub fn check(text: &str, kind: DocumentKind, config: &Config) -> Vec<Finding> {
    findings_of(&Prepared::new(text, kind), kind, config, None)
}

/// Like [`check`], reusing the results of paragraphs whose text has not
/// changed since the last call with the same cache: after an edit only
/// the edited paragraphs go through the paragraph rules again.
pub fn check_cached(
    text: &str,
    kind: DocumentKind,
    config: &Config,
    cache: &mut ParagraphCache,
) -> Vec<Finding> {
    findings_of(&Prepared::new(text, kind), kind, config, Some(cache))
}

pub fn outline(text: &str, kind: DocumentKind) -> Vec<Symbol> {
    outline::outline(&Prepared::new(text, kind))
}

/// The length of a whole document as the outline counts a section's:
/// characters of its content, not whitespace (nor Markdown syntax).
pub fn document_chars(text: &str, kind: DocumentKind) -> usize {
    Prepared::new(text, kind)
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// [`check`] for a plain report whose heading depths come from outside the
/// text (a Word document's heading styles): `depths[i]` is line `i`'s.
pub fn check_with_headings(text: &str, depths: &[Option<u8>], config: &Config) -> Vec<Finding> {
    let prepared = Prepared::with_heading_depths(text, depths);
    findings_of(&prepared, DocumentKind::PlainText, config, None)
}

/// [`outline`] for a plain report with heading depths, as [`check_with_headings`].
pub fn outline_with_headings(text: &str, depths: &[Option<u8>]) -> Vec<Symbol> {
    outline::outline(&Prepared::with_heading_depths(text, depths))
}

/// The findings whose fixes are safe to apply unseen, in document order:
/// what `source.fixAll`, `annotate --fix` and the like apply. Not hints (a
/// matter of style), and never two that touch the same text. `findings`
/// must be in document order, as every entry point returns them.
pub fn safe_fixes(findings: &[Finding]) -> Vec<&Finding> {
    safe_fix_indices(findings)
        .into_iter()
        .map(|i| &findings[i])
        .collect()
}

/// [`safe_fixes`] as indices into `findings`.
pub fn safe_fix_indices(findings: &[Finding]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut covered = 0;
    for (i, f) in findings.iter().enumerate() {
        if f.fix.is_none() || f.severity == Severity::Hint || f.range.start < covered {
            continue;
        }
        // An insertion (empty range) still claims its position.
        covered = f.range.end.max(f.range.start + 1);
        out.push(i);
    }
    out
}

/// For each byte offset of `ats`, the edits that renumber the rest of the
/// numbered list whose marker is there: what a "renumber the rest" code
/// action applies. The document is read once for all of them.
pub fn renumber_from(
    text: &str,
    kind: DocumentKind,
    ats: &[usize],
) -> Vec<Option<rules::misnumbered::Renumbering>> {
    let prepared = Prepared::new(text, kind);
    let paragraphs: Vec<Paragraph> = prepared.paragraphs().collect();
    let markers: Vec<ParagraphMarkers> = paragraphs
        .iter()
        .map(|p| ParagraphMarkers::of(p.text))
        .collect();
    let refs: Vec<&ParagraphMarkers> = markers.iter().collect();
    rules::misnumbered::renumberings(&paragraphs, &refs, ats)
}

/// What one paragraph contributes: its own findings (paragraph-relative)
/// and its numbering markers for the document-wide pass.
struct ParagraphResult {
    findings: Vec<Finding>,
    markers: ParagraphMarkers,
}

impl ParagraphResult {
    fn compute(
        p: &Paragraph,
        next: Option<char>,
        kind: DocumentKind,
        config: &Config,
    ) -> ParagraphResult {
        ParagraphResult {
            findings: rules::check_paragraph(&rules::ParagraphContext {
                paragraph: p,
                next_starts_with: next,
                kind,
                config,
                terms: Default::default(),
            }),
            markers: ParagraphMarkers::of(p.text),
        }
    }
}

/// Results per paragraph content, for one document. A paragraph's result
/// depends only on its text, its Markdown syntax, the first character of
/// the next paragraph (multi-paragraph quotations), the document kind and
/// the configuration; the first four are the key, and a different
/// configuration empties the cache.
#[derive(Default)]
pub struct ParagraphCache {
    config: Option<Config>,
    kind: Option<DocumentKind>,
    entries: FxHashMap<u64, Arc<CachedParagraph>>,
}

/// A result with the input it was computed from: a hash only narrows the
/// search, the input decides.
struct CachedParagraph {
    text: Box<str>,
    next: Option<char>,
    blanked: Vec<(usize, usize)>,
    result: ParagraphResult,
}

impl CachedParagraph {
    fn new(
        p: &Paragraph,
        next: Option<char>,
        kind: DocumentKind,
        config: &Config,
    ) -> CachedParagraph {
        CachedParagraph {
            text: p.text.into(),
            next,
            blanked: relative_blanked(p),
            result: ParagraphResult::compute(p, next, kind, config),
        }
    }

    fn matches(&self, p: &Paragraph, next: Option<char>) -> bool {
        *self.text == *p.text && self.next == next && self.blanked == relative_blanked(p)
    }
}

fn relative_blanked(p: &Paragraph) -> Vec<(usize, usize)> {
    p.blanked
        .iter()
        .map(|r| {
            (
                r.start.saturating_sub(p.start),
                r.end.saturating_sub(p.start),
            )
        })
        .collect()
}

impl ParagraphCache {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn paragraph_key(p: &Paragraph, next: Option<char>) -> u64 {
    let mut h = FxHasher::default();
    p.text.hash(&mut h);
    next.hash(&mut h);
    h.finish()
}

fn findings_of(
    prepared: &Prepared,
    kind: DocumentKind,
    config: &Config,
    cache: Option<&mut ParagraphCache>,
) -> Vec<Finding> {
    let paragraphs: Vec<Paragraph> = prepared.paragraphs().collect();
    let nexts: Vec<Option<char>> = (0..paragraphs.len())
        .map(|i| paragraphs.get(i + 1).and_then(|n| n.text.chars().next()))
        .collect();
    let mut slots: Vec<Option<Arc<CachedParagraph>>> = vec![None; paragraphs.len()];
    let mut keys: Vec<u64> = Vec::new();
    let mut cache = cache;
    if let Some(cache) = cache.as_deref_mut() {
        if !cache.config.as_ref().is_some_and(|c| c.same_as(config)) || cache.kind != Some(kind) {
            cache.entries.clear();
            cache.config = Some(config.clone());
            cache.kind = Some(kind);
        }
        keys = paragraphs
            .iter()
            .zip(&nexts)
            .map(|(p, n)| paragraph_key(p, *n))
            .collect();
        for (i, p) in paragraphs.iter().enumerate() {
            slots[i] = cache
                .entries
                .get(&keys[i])
                .filter(|c| c.matches(p, nexts[i]))
                .cloned();
        }
    }
    let misses: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| slots[i].is_none())
        .collect();
    let computed = on_all_cores(&misses, |i| {
        CachedParagraph::new(&paragraphs[i], nexts[i], kind, config)
    });
    for (i, c) in misses.into_iter().zip(computed) {
        slots[i] = Some(Arc::new(c));
    }
    let results: Vec<Arc<CachedParagraph>> = slots.into_iter().flatten().collect();
    if let Some(cache) = cache {
        // Keep exactly the entries this text uses, so the cache never
        // outgrows the document.
        cache.entries = keys
            .into_iter()
            .zip(&results)
            .map(|(k, r)| (k, r.clone()))
            .collect();
    }

    let mut findings: Vec<Finding> = Vec::new();
    for (p, r) in paragraphs.iter().zip(&results) {
        findings.extend(r.result.findings.iter().map(|f| f.clone().shifted(p.start)));
    }
    let markers: Vec<&ParagraphMarkers> = results.iter().map(|r| &r.result.markers).collect();
    findings.extend(rules::check_document(&rules::DocumentContext {
        paragraphs: &paragraphs,
        markers: &markers,
        config,
        prepared,
        series: Default::default(),
    }));
    let mut findings = finish(findings, config);
    if !prepared.directives().is_empty() {
        let silenced = suppress::Silenced::from_directives(prepared.text(), prepared.directives());
        findings.retain(|f| !silenced.hides(f));
    }
    findings
}

/// Splits a document's findings into those reported and those its
/// configuration's `[[ignore]]` entries hide (`report-lsp check
/// --show-ignored` lists the latter). `path`: the document's absolute path.
pub fn apply_ignores(
    findings: Vec<Finding>,
    text: &str,
    config: &Config,
    path: Option<&str>,
) -> (Vec<Finding>, Vec<Finding>) {
    suppress::apply_ignores(findings, text, config.ignores(), path)
}

/// `f` over `items`, in order. Opening a long report misses the cache for
/// every paragraph, and paragraphs are independent: split them across the
/// cores. A keystroke misses one or two, which a thread would only slow.
fn on_all_cores<T: Send>(items: &[usize], f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    const SERIAL_BELOW: usize = 64;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if items.len() < SERIAL_BELOW || threads == 1 {
        return items.iter().map(|&i| f(i)).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|chunk| scope.spawn(move || chunk.iter().map(|&i| f(i)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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
mod cache_tests {
    use super::*;

    /// Whatever the edits, the cached path gives what analysing the text
    /// from scratch gives.
    #[test]
    fn cached_analysis_equals_fresh_analysis_after_edits() {
        let mut text = String::from(
            "总结\n一、甲\n召开XX会议，征集征集意见。一是学习。三是落实。\n“第一段\n“第二段。”\n（二）乙\n制定《要点\n",
        );
        let pieces = [
            "征集",
            "“",
            "”",
            "\n",
            "一是",
            "三、",
            "XX",
            "。",
            "《",
            "》",
            "常抓抓长",
            "",
        ];
        let config = Config::default();
        let mut cache = ParagraphCache::default();
        let mut seed = 7u64;
        for step in 0..400 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let first = (seed >> 33) as usize % bounds.len();
            let last = (first + (seed >> 13) as usize % 3).min(bounds.len() - 1);
            let piece = pieces[(seed >> 45) as usize % pieces.len()];
            text.replace_range(bounds[first]..bounds[last], piece);
            let kind = if step % 50 < 25 {
                DocumentKind::PlainText
            } else {
                DocumentKind::Markdown
            };
            assert_eq!(
                check_cached(&text, kind, &config, &mut cache),
                check(&text, kind, &config),
                "{text:?}"
            );
        }
    }

    #[test]
    fn new_configuration_empties_the_cache() {
        let text = "召开XX会议。\n";
        let mut cache = ParagraphCache::default();
        assert_eq!(
            check_cached(
                text,
                DocumentKind::PlainText,
                &Config::default(),
                &mut cache
            )
            .len(),
            1
        );
        let off = Config::from_toml("[rules]\nplaceholder = \"off\"").unwrap();
        assert!(check_cached(text, DocumentKind::PlainText, &off, &mut cache).is_empty());
        assert_eq!(cache.len(), 1);
    }
}
