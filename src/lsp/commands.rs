//! `report-lsp.silence`: the server remembers a finding the writer judged
//! correct in `report-lsp.toml` — through `workspace/applyEdit`, so the
//! edit lands in the editor's buffer when the file is open there and the
//! writer can undo it, and works the same in every editor. The file is
//! edited, never rewritten (comments and layout stay), and the new text
//! counts at once, before the editor has saved it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tracing::{info, warn};

use super::actions::{fix_all_edit, FixAllData};
use super::capabilities::{FIX_ALL_COMMAND, SILENCE_COMMAND};
use super::document::Document;
use super::state::Inner;
use super::workspace::file_path;
use crate::config_edit::{self, Change};
use crate::engine::{DocumentKind, Rule};

/// The argument of `report-lsp.silence`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Silence {
    /// The report the finding is in.
    pub uri: Uri,
    pub rule: String,
    /// The flagged text (not for [`Scope::File`]).
    pub text: Option<String>,
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// 忽略此处: this rule on this text in this file.
    Here,
    /// 在本文件中停用规则: this rule in this file.
    File,
    /// 加入词表: this text, everywhere, for the rule's allow list.
    Allow,
}

/// How long the server waits for the editor to apply an edit. Editors
/// answer at once; a client that never answers must not hold the command.
const APPLY_EDIT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_params(message.into())
}

impl Inner {
    pub async fn execute_command(
        self: &Arc<Self>,
        params: ExecuteCommandParams,
    ) -> Result<Option<Value>> {
        if params.command == FIX_ALL_COMMAND {
            return self.fix_all(params.arguments).await;
        }
        if params.command != SILENCE_COMMAND {
            return Err(invalid(format!("未知命令 {}", params.command)));
        }
        let silence: Silence = params
            .arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value(a).ok())
            .ok_or_else(|| invalid("report-lsp.silence 需要一个参数 {uri, rule, text, scope}"))?;
        match self.silence(&silence).await {
            Ok(()) => Ok(None),
            Err(message) => {
                warn!("{message}");
                self.outbox
                    .show_message(MessageType::ERROR, format!("report-lsp：{message}"));
                Ok(None)
            }
        }
    }

    /// `report-lsp.fixAll`: every safe fix of the document, as one edit of
    /// the version the action was offered for (the editor refuses it if
    /// the document changed since).
    async fn fix_all(self: &Arc<Self>, arguments: Vec<Value>) -> Result<Option<Value>> {
        let data: FixAllData = arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value(a).ok())
            .ok_or_else(|| invalid("report-lsp.fixAll 需要一个参数 {uri, version}"))?;
        let Some((_, analysed)) = self.current(&data.uri).await else {
            return Ok(None);
        };
        if analysed.version != data.version {
            return Ok(None);
        }
        let document_changes = self.lock().caps.document_changes;
        let edit = tokio::task::spawn_blocking(move || {
            let fixes = crate::engine::safe_fix_indices(&analysed.findings);
            let edit = fix_all_edit(&data.uri, &analysed, &fixes);
            if !document_changes {
                return edit;
            }
            let edits = edit
                .changes
                .and_then(|mut c| c.remove(&data.uri))
                .unwrap_or_default();
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: data.uri.clone(),
                        version: Some(data.version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..WorkspaceEdit::default()
            }
        })
        .await
        .map_err(|_| Error::internal_error())?;
        match self.apply_edit(edit).await {
            Ok(r) if !r.applied => warn!("fix-all not applied: {:?}", r.failure_reason),
            Ok(_) => {}
            Err(e) => warn!("fix-all: {e}"),
        }
        Ok(None)
    }

    async fn silence(self: &Arc<Self>, s: &Silence) -> std::result::Result<(), String> {
        let rule = Rule::from_code(&s.rule).ok_or_else(|| format!("未知规则 {}", s.rule))?;
        let report = file_path(&s.uri).ok_or("只有磁盘上的报告才能写入 report-lsp.toml")?;
        let (target, existing, open_doc, caps, encoding) = {
            let st = self.lock();
            let target = config_edit::target_for(&report, &st.roots);
            let open_doc = st
                .config_docs
                .iter()
                .find(|(uri, _)| file_path(uri).as_deref() == Some(target.as_path()))
                .map(|(uri, doc)| (uri.clone(), doc.clone()));
            let existing = match (&open_doc, st.configs.overlay(&target)) {
                (Some((_, doc)), _) => Some(doc.text().to_string()),
                (None, Some(text)) => Some(text.to_string()),
                (None, None) => None,
            };
            (target, existing, open_doc, st.caps, st.encoding)
        };
        let exists = existing.is_some() || target.is_file();
        let existing = match existing {
            Some(text) => text,
            None if exists => std::fs::read_to_string(&target)
                .map_err(|e| format!("无法读取 {}：{e}", target.display()))?,
            None => String::new(),
        };
        let file = Some(config_edit::relative_file(&target, &report));
        let change = match s.scope {
            Scope::Here => Change::Ignore {
                rule,
                text: Some(s.text.clone().ok_or("忽略此处需要被标出的文字")?),
                file,
            },
            Scope::File => Change::Ignore {
                rule,
                text: None,
                file,
            },
            Scope::Allow => Change::Allow {
                rule,
                text: s.text.clone().ok_or("加入词表需要被标出的文字")?,
            },
        };
        let Some(new_text) = config_edit::apply(&existing, &change)? else {
            // Already there: the file says so, but what is read may not.
            self.adopt(target, existing);
            return Ok(());
        };
        let uri = Uri::from_file_path(&target).ok_or("无法表示配置文件的路径")?;
        let edit = if !exists {
            if !(caps.apply_edit && caps.document_changes && caps.create_files) {
                // The client cannot create it: a new file has nothing to
                // lose, so the server writes it.
                write_new(&target, &new_text)?;
                self.adopt(target, new_text);
                return Ok(());
            }
            created(&uri, &new_text)
        } else {
            if !caps.apply_edit {
                return Err(format!(
                    "编辑器不支持 workspace/applyEdit，请在 {} 中手工加入：\n{}",
                    target.display(),
                    new_text
                ));
            }
            let version = open_doc.as_ref().map(|(_, d)| d.version);
            changed(
                &uri,
                &existing,
                &new_text,
                version,
                caps.document_changes,
                encoding,
            )
        };
        info!(target = %target.display(), "asking the editor to edit the configuration");
        let response = self
            .apply_edit(edit)
            .await
            .map_err(|e| format!("编辑器未能修改 {}：{e}", target.display()))?;
        if !response.applied {
            return Err(format!(
                "编辑器未能修改 {}：{}",
                target.display(),
                response.failure_reason.unwrap_or_default()
            ));
        }
        self.adopt(target, new_text);
        Ok(())
    }

    /// `workspace/applyEdit`, given up on when the editor does not answer:
    /// the command that asked must be answered all the same.
    async fn apply_edit(
        &self,
        edit: WorkspaceEdit,
    ) -> std::result::Result<ApplyWorkspaceEditResponse, String> {
        match tokio::time::timeout(APPLY_EDIT_TIMEOUT, self.client.apply_edit(edit)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!(
                "编辑器 {} 秒内没有回应 workspace/applyEdit",
                APPLY_EDIT_TIMEOUT.as_secs()
            )),
        }
    }

    /// The configuration at `path` now says `text`: analyse again with it.
    fn adopt(self: &Arc<Self>, path: PathBuf, text: String) {
        self.lock().configs.set_overlay(path, text);
        self.configuration_changed();
    }
}

fn write_new(path: &Path, text: &str) -> std::result::Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建 {}：{e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// A new `report-lsp.toml`, created with its text.
fn created(uri: &Uri, text: &str) -> WorkspaceEdit {
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: None,
                },
                edits: vec![OneOf::Left(TextEdit::new(
                    Range::default(),
                    text.to_string(),
                ))],
            }),
        ])),
        ..WorkspaceEdit::default()
    }
}

/// The smallest edit that turns `old` into `new`: the part between their
/// common start and common end. Lines of the file the server did not
/// touch are not replaced, so the editor keeps its marks and undo there.
fn changed(
    uri: &Uri,
    old: &str,
    new: &str,
    version: Option<i32>,
    document_changes: bool,
    encoding: super::document::Encoding,
) -> WorkspaceEdit {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let suffix = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let doc = Document::new(old.to_string(), 0, DocumentKind::PlainText);
    let range = doc.range(prefix..old.len() - suffix, encoding);
    let edit = TextEdit::new(range, new[prefix..new.len() - suffix].to_string());
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version,
                },
                edits: vec![OneOf::Left(edit)],
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::document::Encoding;

    fn apply(old: &str, edit: &WorkspaceEdit) -> String {
        let Some(DocumentChanges::Edits(edits)) = &edit.document_changes else {
            panic!("{edit:?}");
        };
        let OneOf::Left(e) = &edits[0].edits[0] else {
            panic!()
        };
        let mut doc = Document::new(old.to_string(), 0, DocumentKind::PlainText);
        doc.edit(Some(e.range), &e.new_text, Encoding::Utf16);
        doc.text().to_string()
    }

    #[test]
    fn the_edit_touches_only_what_changed() {
        let uri: Uri = "file:///w/report-lsp.toml".parse().unwrap();
        let old = "# 设置\n[rules]\nstray-space = \"off\"\n";
        let new = "# 设置\n[rules]\nstray-space = \"off\"\n\n[[ignore]]\nrule = \"typo\"\n";
        let edit = changed(&uri, old, new, Some(3), true, Encoding::Utf16);
        assert_eq!(apply(old, &edit), new);
        let Some(DocumentChanges::Edits(edits)) = &edit.document_changes else {
            panic!()
        };
        assert_eq!(edits[0].text_document.version, Some(3));
        let OneOf::Left(e) = &edits[0].edits[0] else {
            panic!()
        };
        assert_eq!(e.range.start, Position::new(3, 0));
        // An insertion inside a line, after a shared character.
        let old = "allow = [\"甲\"]\n";
        let new = "allow = [\"甲\", \"甲乙\"]\n";
        assert_eq!(
            apply(old, &changed(&uri, old, new, None, true, Encoding::Utf16)),
            new
        );
    }
}
