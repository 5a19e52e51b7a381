//! Code actions: a quick fix per fixable diagnostic, "renumber the rest of
//! this list" for numbering, and `source.fixAll.report-lsp`.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic, NumberOrString, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::SOURCE;
use super::document::{Document, Encoding};
use super::server::FIX_ALL_KIND;
use crate::engine::{self, Config, Rule};

pub fn code_actions(
    params: &CodeActionParams,
    doc: &Document,
    config: &Config,
    encoding: Encoding,
) -> CodeActionResponse {
    let only = params.context.only.as_deref();
    let wants = |kind: &str| {
        only.is_none_or(|kinds| {
            kinds
                .iter()
                .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
        })
    };
    let uri = &params.text_document.uri;
    let mut out = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for diag in &params.context.diagnostics {
            if diag.source.as_deref() != Some(SOURCE) {
                continue;
            }
            let mut actions = quick_fixes(uri, diag, doc, encoding);
            let only_one = actions.len() == 1;
            for a in &mut actions {
                a.is_preferred = Some(only_one);
            }
            out.extend(actions.into_iter().map(CodeActionOrCommand::CodeAction));
        }
    }
    if wants(FIX_ALL_KIND) {
        if let Some(action) = fix_all(uri, doc, config, encoding) {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    out
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn quick_fixes(
    uri: &Uri,
    diag: &Diagnostic,
    doc: &Document,
    encoding: Encoding,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let replacement = diag
        .data
        .as_ref()
        .and_then(|d| d.get("replacement"))
        .and_then(|r| r.as_str());
    if let Some(replacement) = replacement {
        let start = doc.offset(diag.range.start, encoding);
        let end = doc.offset(diag.range.end, encoding);
        let title = if replacement.is_empty() {
            let old = doc.text().get(start..end).unwrap_or_default().trim();
            format!("删除“{old}”")
        } else {
            format!("改为“{replacement}”")
        };
        actions.push(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diag.clone()]),
            edit: Some(edit(
                uri,
                vec![TextEdit::new(diag.range, replacement.to_string())],
            )),
            ..CodeAction::default()
        });
    }
    let is_numbering =
        matches!(&diag.code, Some(NumberOrString::String(c)) if c == Rule::Misnumbered.code());
    if is_numbering {
        let at = doc.offset(diag.range.start, encoding);
        if let Some(edits) = engine::renumber_from(doc.text(), doc.kind, at).filter(|e| e.len() > 1)
        {
            let edits = edits
                .into_iter()
                .map(|(range, text)| TextEdit::new(doc.range(range, encoding), text))
                .collect();
            actions.push(CodeAction {
                title: "从此项起重新编号本列表".into(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(uri, edits)),
                ..CodeAction::default()
            });
        }
    }
    actions
}

/// Every fix in the document that is safe to apply unseen: not hints (a
/// matter of style), and never two that touch the same text.
fn fix_all(uri: &Uri, doc: &Document, config: &Config, encoding: Encoding) -> Option<CodeAction> {
    let findings = engine::check(doc.text(), doc.kind, config);
    let mut positions = doc.positions(encoding);
    let edits: Vec<TextEdit> = engine::safe_fixes(&findings)
        .into_iter()
        .filter_map(|f| {
            let fix = f.fix.as_ref()?;
            Some(TextEdit::new(
                positions.range(f.range.clone()),
                fix.replacement.clone(),
            ))
        })
        .collect();
    if edits.is_empty() {
        return None;
    }
    Some(CodeAction {
        title: format!("修复全部可自动修复的问题（{} 处）", edits.len()),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        edit: Some(edit(uri, edits)),
        ..CodeAction::default()
    })
}
