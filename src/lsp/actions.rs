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
use super::capabilities::{FIX_ALL_COMMAND, FIX_ALL_KIND, SILENCE_COMMAND};
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
    fix_all_by: FixAllBy,
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
        if let Some(action) = fix_all(uri, analysed, fix_all_by) {
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
/// [`engine::safe_fixes`]), from the analysis the editor shows. For a
/// client that resolves code actions, the edits (as many as the findings
/// of a pasted export) are made only when the action is chosen.
fn fix_all(uri: &Uri, analysed: &Analysed, how: FixAllBy) -> Option<CodeAction> {
    let fixes = engine::safe_fix_indices(&analysed.findings);
    if fixes.is_empty() {
        return None;
    }
    let title = format!("修复全部可自动修复的问题（{} 处）", fixes.len());
    let data = FixAllData {
        uri: uri.clone(),
        version: analysed.version,
    };
    let mut action = CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
        ..CodeAction::default()
    };
    match how {
        FixAllBy::Resolve => action.data = Some(json!(data)),
        FixAllBy::Command => {
            action.command = Some(Command {
                title,
                command: FIX_ALL_COMMAND.into(),
                arguments: Some(vec![json!(data)]),
            })
        }
        FixAllBy::Edit => {
            // Inline, the edits go with every code action request: no more
            // than the findings shown, and the title says so.
            let shown: Vec<usize> = fixes
                .iter()
                .copied()
                .filter(|&i| i < analysed.shown_findings)
                .collect();
            if shown.len() < fixes.len() {
                action.title = format!(
                    "修复可自动修复的问题（显示的 {} 处，共 {} 处）",
                    shown.len(),
                    fixes.len()
                );
            }
            action.edit = Some(fix_all_edit(uri, analysed, &shown));
        }
    }
    Some(action)
}

/// How fix-all's edits reach the client. A pasted export can have a
/// hundred thousand fixes; sent inline with every code action request they
/// would take seconds to send and parse and hold up every answer behind
/// them, so they go only when the action is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAllBy {
    /// `codeAction/resolve` fills them in.
    Resolve,
    /// `report-lsp.fixAll`: the server sends them with `workspace/applyEdit`.
    Command,
    /// In the action itself, for a client that can do neither.
    Edit,
}

pub fn fix_all_edit(uri: &Uri, analysed: &Analysed, fixes: &[usize]) -> WorkspaceEdit {
    let edits = fixes
        .iter()
        .filter_map(|&i| {
            let fix = analysed.findings[i].fix.as_ref()?;
            Some(TextEdit::new(analysed.ranges[i], fix.replacement.clone()))
        })
        .collect();
    edit(uri, edits)
}

/// What a lazy fix-all carries to `codeAction/resolve` or its command.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct FixAllData {
    pub uri: Uri,
    /// The version the action was offered for: resolved against another,
    /// its edits would land in the wrong places.
    pub version: i32,
}

/// Fills in a lazy fix-all's edits, when the document is still the version
/// it was offered for.
pub fn resolve_fix_all(mut action: CodeAction, analysed: &Analysed) -> CodeAction {
    let data = action
        .data
        .take()
        .and_then(|d| serde_json::from_value::<FixAllData>(d).ok());
    if let Some(data) = data.filter(|d| d.version == analysed.version) {
        let fixes = engine::safe_fix_indices(&analysed.findings);
        action.edit = Some(fix_all_edit(&data.uri, analysed, &fixes));
    }
    action
}
