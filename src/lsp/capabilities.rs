//! What the client can do, read once at `initialize`, and what the server
//! offers in return.

use tower_lsp_server::ls_types::*;

use super::document::Encoding;

/// The kind of the code action that applies every safe fix.
pub const FIX_ALL_KIND: &str = "source.fixAll.report-lsp";
/// The settings section, in `workspace/configuration` and in editors.
pub const SETTINGS_SECTION: &str = "reportLsp";
/// `workspace/executeCommand`: remember a finding (or a rule, or a text) as
/// judged correct in `report-lsp.toml`. Its argument is a [`super::commands::Silence`].
pub const SILENCE_COMMAND: &str = "report-lsp.silence";
/// `workspace/executeCommand`: apply every safe fix of a document (its
/// argument is an [`super::actions::FixAllData`]), for clients that cannot
/// resolve a code action's edit.
pub const FIX_ALL_COMMAND: &str = "report-lsp.fixAll";
/// The identifier of our pulled diagnostics.
pub const DIAGNOSTIC_IDENTIFIER: &str = "report-lsp";

/// The client's capabilities the server acts on.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientCaps {
    pub hierarchical_symbols: bool,
    /// `workspace/configuration`.
    pub pull_configuration: bool,
    /// Dynamic registration of file watchers.
    pub watch_registration: bool,
    /// `textDocument/diagnostic` with `workspace/diagnostic/refresh`:
    /// diagnostics are pulled, never pushed.
    pub pull_diagnostics: bool,
    /// `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// `workspace/inlayHint/refresh`.
    pub inlay_hint_refresh: bool,
    /// `workspace/applyEdit`.
    pub apply_edit: bool,
    /// `documentChanges` in a workspace edit (versioned edits, file creation).
    pub document_changes: bool,
    /// `CreateFile` among the `documentChanges`.
    pub create_files: bool,
    /// Server-initiated `window/workDoneProgress/create`.
    pub work_done_progress: bool,
    /// `codeAction/resolve` for a code action's edit: fix-all's edits,
    /// which can be many, are made only when it is chosen.
    pub resolve_code_action_edit: bool,
}

impl ClientCaps {
    /// How fix-all's edits reach this client.
    pub fn fix_all_by(&self) -> super::actions::FixAllBy {
        use super::actions::FixAllBy;
        if self.resolve_code_action_edit {
            FixAllBy::Resolve
        } else if self.apply_edit {
            FixAllBy::Command
        } else {
            FixAllBy::Edit
        }
    }

    pub fn of(caps: &ClientCapabilities) -> ClientCaps {
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        let diagnostic_refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        ClientCaps {
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            pull_configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            // Pulled only when the server can tell the client to pull
            // again: otherwise a change of configuration (a rule turned
            // off, a finding silenced) would show only after the next edit.
            // Neovim 0.10 and 0.11 pull but do not say they refresh;
            // without our configuration they get pushes.
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()) && diagnostic_refresh,
            diagnostic_refresh,
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            resolve_code_action_edit: text
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
        }
    }
}

/// The first position encoding the client offers that we support; UTF-16,
/// which every client must accept, otherwise.
pub fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    for kind in offered.into_iter().flatten() {
        match kind.as_str() {
            "utf-8" => return Encoding::Utf8,
            "utf-32" => return Encoding::Utf32,
            "utf-16" => return Encoding::Utf16,
            _ => {}
        }
    }
    Encoding::Utf16
}

fn encoding_kind(e: Encoding) -> PositionEncodingKind {
    match e {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn server_capabilities(encoding: Encoding, caps: ClientCaps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        // Offered to clients that pull; the others get pushes, never both.
        diagnostic_provider: caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(DIAGNOSTIC_IDENTIFIER.into()),
                inter_file_dependencies: false,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions {
                    work_done_progress: Some(true),
                },
            })
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            resolve_provider: Some(caps.resolve_code_action_edit),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![SILENCE_COMMAND.into(), FIX_ALL_COMMAND.into()],
            ..ExecuteCommandOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}
