//! Code actions, built from the document's current analysis: for each
//! finding in the requested range (and those the client names), its quick
//! fix, "renumber the rest" for numbering, and the ways to silence it
//! (忽略此处, 在本文件中停用规则, 加入词表), which the server carries out
//! itself; and `source.fixAll.report-lsp`. Only shown findings get actions,
//! so one request costs no more than what the editor displays.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Command,
    TextEdit, Uri, WorkspaceEdit,
};

use super::analysis::Analysed;
use super::capabilities::{FIX_ALL_KIND, SILENCE_COMMAND};
use super::commands::{Scope, Silence};
use super::convert::SOURCE;
use super::document::Document;
use crate::engine::docs::allow_key;
use crate::engine::{self, Rule};

/// "Renumber the rest" reads the whole document per list: offered for at
/// most this many numbering findings in one request.
const MAX_RENUMBER: usize = 20;

pub fn code_actions(
    params: &CodeActionParams,
    doc: &Document,
    analysed: &Analysed,
    has_path: bool,
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
        let picked = findings_at(params, doc, analysed);
        out.extend(quick_fixes(uri, doc, analysed, &picked));
        if has_path {
            out.extend(silencers(uri, doc, analysed, &picked));
        }
    }
    if wants(FIX_ALL_KIND) {
        if let Some(action) = fix_all(uri, analysed) {
            out.push(action);
        }
    }
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// The shown findings the request is about: those overlapping its range
/// (at the cursor: those containing it) and those the client sends as the
/// diagnostics in context, in document order.
fn findings_at(params: &CodeActionParams, doc: &Document, analysed: &Analysed) -> Vec<usize> {
    let shown = analysed.shown_findings;
    let start = doc.offset(params.range.start, analysed.encoding);
    let end = doc.offset(params.range.end, analysed.encoding).max(start);
    let mut picked: Vec<usize> = analysed.findings[..shown]
        .iter()
        .enumerate()
        .filter(|(_, f)| f.range.start <= end && f.range.end >= start)
        .filter(|(_, f)| start < end || f.range.start < f.range.end || f.range.start == start)
        .map(|(i, _)| i)
        .collect();
    let ranges = &analysed.ranges[..shown];
    for d in &params.context.diagnostics {
        if d.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let from = ranges.partition_point(|r| r.start < d.range.start);
        let same_start = ranges[from..]
            .iter()
            .take_while(|r| r.start == d.range.start)
            .count();
        picked.extend(
            (from..from + same_start)
                .filter(|&i| ranges[i] == d.range && analysed.shown[i].code == d.code),
        );
    }
    picked.sort_unstable();
    picked.dedup();
    picked
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn quick_fixes(
    uri: &Uri,
    doc: &Document,
    analysed: &Analysed,
    picked: &[usize],
) -> Vec<CodeAction> {
    let numbering: Vec<usize> = picked
        .iter()
        .copied()
        .filter(|&i| analysed.findings[i].rule == Rule::Misnumbered)
        .take(MAX_RENUMBER)
        .collect();
    let ats: Vec<usize> = numbering
        .iter()
        .map(|&i| analysed.findings[i].range.start)
        .collect();
    let renumbered = if ats.is_empty() {
        Vec::new()
    } else {
        engine::renumber_from(doc.text(), doc.kind, &ats)
    };
    let mut out = Vec::new();
    for &i in picked {
        let f = &analysed.findings[i];
        let diag = &analysed.shown[i];
        let mut actions = Vec::new();
        if let Some(fix) = &f.fix {
            let title = if fix.replacement.is_empty() {
                let old = doc.text().get(f.range.clone()).unwrap_or_default().trim();
                format!("删除“{old}”")
            } else {
                format!("改为“{}”", fix.replacement)
            };
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(
                    uri,
                    vec![TextEdit::new(analysed.ranges[i], fix.replacement.clone())],
                )),
                ..CodeAction::default()
            });
        }
        let renumber = numbering
            .iter()
            .position(|&n| n == i)
            .and_then(|k| renumbered.get(k).cloned().flatten())
            .filter(|edits| edits.len() > 1);
        if let Some(edits) = renumber {
            let spans: Vec<_> = edits.iter().map(|(r, _)| r.clone()).collect();
            let ranges = doc.ranges(spans.into_iter(), analysed.encoding);
            let edits = edits
                .into_iter()
                .zip(ranges)
                .map(|((_, text), range)| TextEdit::new(range, text))
                .collect();
            actions.push(CodeAction {
                title: "从此项起重新编号本列表".into(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(uri, edits)),
                ..CodeAction::default()
            });
        }
        let only_one = actions.len() == 1;
        for a in &mut actions {
            a.is_preferred = Some(only_one);
        }
        out.extend(actions);
    }
    out
}

/// 忽略此处, 在本文件中停用规则, 加入词表: commands the server carries out
/// (it edits `report-lsp.toml` through `workspace/applyEdit`), so they work
/// the same in every editor.
fn silencers(uri: &Uri, doc: &Document, analysed: &Analysed, picked: &[usize]) -> Vec<CodeAction> {
    let several = picked.len() > 1;
    let mut here = Vec::new();
    let mut rules = Vec::new();
    let mut allowed = Vec::new();
    let mut seen_rules = HashSet::new();
    let mut seen_allowed = HashSet::new();
    for &i in picked {
        let f = &analysed.findings[i];
        let diag = &analysed.shown[i];
        let text = doc
            .text()
            .get(f.range.clone())
            .unwrap_or_default()
            .to_string();
        let code = f.rule.code();
        let command = |title: String, scope: Scope, text: Option<String>| {
            let silence = Silence {
                uri: uri.clone(),
                rule: code.to_string(),
                text,
                scope,
            };
            CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                command: Some(Command {
                    title,
                    command: SILENCE_COMMAND.into(),
                    arguments: Some(vec![json!(silence)]),
                }),
                ..CodeAction::default()
            }
        };
        if !text.trim().is_empty() {
            let title = if several {
                format!("忽略此处（{code}：“{}”）", excerpt(&text))
            } else {
                "忽略此处".to_string()
            };
            here.push(command(title, Scope::Here, Some(text.clone())));
        }
        if seen_rules.insert(f.rule) {
            rules.push(command(
                format!("在本文件中停用规则 {code}"),
                Scope::File,
                None,
            ));
        }
        if allow_key(f.rule).is_some()
            && !text.trim().is_empty()
            && seen_allowed.insert((allow_key(f.rule), text.clone()))
        {
            allowed.push(command(
                format!("加入词表（不再提示“{}”）", excerpt(&text)),
                Scope::Allow,
                Some(text.clone()),
            ));
        }
    }
    here.into_iter().chain(allowed).chain(rules).collect()
}

/// A flagged text as a title shows it: short.
fn excerpt(text: &str) -> String {
    const MAX: usize = 16;
    let text = text.trim();
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        text.chars().take(MAX).collect::<String>() + "…"
    }
}

/// Every fix in the document that is safe to apply unseen (see
/// [`engine::safe_fixes`]), from the analysis the editor shows.
fn fix_all(uri: &Uri, analysed: &Analysed) -> Option<CodeAction> {
    let edits: Vec<TextEdit> = engine::safe_fix_indices(&analysed.findings)
        .into_iter()
        .filter_map(|i| {
            let fix = analysed.findings[i].fix.as_ref()?;
            Some(TextEdit::new(analysed.ranges[i], fix.replacement.clone()))
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
