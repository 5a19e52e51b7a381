//! The one place where engine results become LSP types.

use serde_json::json;
use std::collections::HashMap;
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, DocumentSymbol, FoldingRange,
    FoldingRangeKind, Location, NumberOrString, Range, SymbolInformation,
    SymbolKind as LspSymbolKind, Uri,
};

use super::document::{Document, Encoding};
use super::settings::ServerSettings;
use crate::engine::docs::{document_url, rule_url};
use crate::engine::{Finding, Rule, Severity, Symbol, SymbolKind};

pub const SOURCE: &str = "report-lsp";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// What the editor shows of a document's findings: a diagnostic for each
/// of the first `max_diagnostics`, and past those one note saying how many
/// more there are. `ranges[i]` is the position of `findings[i]`.
pub fn shown(findings: &[Finding], ranges: &[Range], server: &ServerSettings) -> Vec<Diagnostic> {
    let max = server.max_diagnostics;
    // One link per rule, not one URL parsed per finding.
    let mut links: HashMap<Rule, Option<CodeDescription>> = HashMap::new();
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .zip(ranges)
        .take(max)
        .map(|(f, r)| {
            let link = links
                .entry(f.rule)
                .or_insert_with(|| docs_link(&rule_url(&server.docs_base_url, f.rule)));
            diagnostic(f, *r, link.clone())
        })
        .collect();
    if findings.len() > max {
        let more = findings.len() - max;
        out.push(Diagnostic {
            range: ranges.get(max).map_or_else(Range::default, |r| Range::new(r.start, r.start)),
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(TOO_MANY.to_string())),
            code_description: docs_link(&format!(
                "{}#{TOO_MANY}",
                document_url(&server.docs_base_url)
            )),
            source: Some(SOURCE.to_string()),
            message: format!(
                "另有 {more} 个问题未显示：每个文档最多显示 {max} 个（设置 reportLsp.maxDiagnostics）；命令行 report-lsp check 列出全部"
            ),
            ..Diagnostic::default()
        });
    }
    out
}

/// The code of the note that says how many findings are not shown, and
/// its anchor in the rules document.
pub const TOO_MANY: &str = "too-many-findings";

fn docs_link(url: &str) -> Option<CodeDescription> {
    Uri::from_str(url).ok().map(|href| CodeDescription { href })
}

/// `data` carries the fix so a code action can rebuild it from the
/// diagnostic alone; `link` (`codeDescription`) is the rule's documentation.
fn diagnostic(f: &Finding, range: Range, link: Option<CodeDescription>) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().to_string())),
        code_description: link,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        data: f
            .fix
            .as_ref()
            .map(|fix| json!({ "replacement": fix.replacement })),
        ..Diagnostic::default()
    }
}

pub fn symbol_kind(kind: SymbolKind) -> LspSymbolKind {
    match kind {
        SymbolKind::Title => LspSymbolKind::FILE,
        SymbolKind::Heading => LspSymbolKind::STRING,
        SymbolKind::Item => LspSymbolKind::ENUM_MEMBER,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be spelled out
pub fn document_symbols(
    doc: &Document,
    symbols: &[Symbol],
    encoding: Encoding,
) -> Vec<DocumentSymbol> {
    symbols
        .iter()
        .map(|s| DocumentSymbol {
            name: s.name.clone(),
            detail: Some(s.length_label()),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: doc.range(s.range.clone(), encoding),
            selection_range: doc.range(s.selection.clone(), encoding),
            children: Some(document_symbols(doc, &s.children, encoding)),
        })
        .collect()
}

/// For clients without hierarchical symbol support: a flat list, each
/// entry naming its parent section.
#[allow(deprecated)]
pub fn symbol_information(
    doc: &Document,
    uri: &Uri,
    symbols: &[Symbol],
    container: Option<&str>,
    encoding: Encoding,
    out: &mut Vec<SymbolInformation>,
) {
    for s in symbols {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), doc.range(s.range.clone(), encoding)),
            container_name: container.map(str::to_string),
        });
        symbol_information(doc, uri, &s.children, Some(&s.name), encoding, out);
    }
}

/// Sections that span more than one line fold.
pub fn folding_ranges(doc: &Document, symbols: &[Symbol], out: &mut Vec<FoldingRange>) {
    for s in symbols {
        if s.kind == SymbolKind::Item {
            continue;
        }
        let start = doc.position(s.range.start, Encoding::Utf32).line;
        let end = doc.position(s.range.end, Encoding::Utf32).line;
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(s.name.clone()),
                ..FoldingRange::default()
            });
        }
        folding_ranges(doc, &s.children, out);
    }
}
