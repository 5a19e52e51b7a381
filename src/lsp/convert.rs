//! The one place where engine results become LSP types.

use serde_json::json;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, DocumentSymbol, FoldingRange, FoldingRangeKind, Location,
    NumberOrString, SymbolInformation, SymbolKind as LspSymbolKind, Uri,
};

use super::document::{Document, Encoding, Positions};
use crate::engine::{Finding, Severity, Symbol, SymbolKind};

pub const SOURCE: &str = "report-lsp";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostics of `findings`, which are in document order.
pub fn diagnostics(doc: &Document, findings: &[Finding], encoding: Encoding) -> Vec<Diagnostic> {
    let mut positions = doc.positions(encoding);
    findings
        .iter()
        .map(|f| diagnostic(&mut positions, f))
        .collect()
}

/// `data` carries the fix so a code action can rebuild it from the
/// diagnostic alone, without re-analysing.
fn diagnostic(positions: &mut Positions, f: &Finding) -> Diagnostic {
    Diagnostic {
        range: positions.range(f.range.clone()),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().to_string())),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        data: f
            .fix
            .as_ref()
            .map(|fix| json!({ "replacement": fix.replacement })),
        ..Diagnostic::default()
    }
}

fn symbol_kind(kind: SymbolKind) -> LspSymbolKind {
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
