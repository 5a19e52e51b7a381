//! Protocol handlers, each a few lines over the modules that do the work.
//! Edits are applied to the document store synchronously, before any
//! `.await`: tower-lsp-server runs several handlers at once, interleaved
//! at awaits, and only the first poll of each is in arrival order.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use tracing::{info, warn};

use super::actions;
use super::capabilities::{self, ClientCaps, SETTINGS_SECTION};
use super::document::Document;
use super::outbox::Outbox;
use super::settings;
use super::state::{config_diagnostic, is_config_file, Entry, Inner};
use super::workspace::file_path;
use crate::engine::{DocumentKind, Settings};

pub struct Backend {
    inner: Arc<Inner>,
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox) -> Backend {
        Backend {
            inner: Arc::new(Inner::new(client, outbox)),
        }
    }
}

impl Inner {
    async fn pull_configuration(self: &Arc<Self>) {
        if !self.lock().caps.pull_configuration {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SETTINGS_SECTION.to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) => {
                let value = values.pop().unwrap_or(Value::Null);
                self.apply_editor_settings(&value);
            }
            Err(e) => warn!("workspace/configuration failed: {e}"),
        }
    }

    fn apply_editor_settings(self: &Arc<Self>, value: &Value) {
        match settings::parse(value) {
            Ok(settings) => {
                let mut st = self.lock();
                if st.settings == settings {
                    return;
                }
                st.settings = settings;
                st.configs.recompile();
            }
            Err(e) => {
                let message =
                    format!("report-lsp：编辑器设置 {SETTINGS_SECTION} 有误，已忽略：{e}");
                warn!("{message}");
                self.outbox.show_message(MessageType::ERROR, message);
                return;
            }
        }
        self.configuration_changed();
    }

    /// Configuration files, term packs and reports on disk: a change to
    /// the first two changes the configuration, to the last what a
    /// workspace pull reports.
    async fn watch_files(&self) {
        if !self.lock().caps.watch_registration {
            return;
        }
        let glob = |g: &str| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![glob("**/*.toml"), glob("**/*.{txt,md,markdown,docx}")],
        };
        let registration = Registration {
            id: "report-lsp-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            warn!("could not watch files: {e}");
        }
    }

    fn files_changed(self: &Arc<Self>, changes: &[FileEvent]) {
        let mut configuration = false;
        {
            let mut st = self.lock();
            for change in changes {
                let Some(path) = file_path(&change.uri) else {
                    continue;
                };
                if path.extension().is_some_and(|e| e == "toml") {
                    // The editor wrote it: the disk is the truth again.
                    st.configs.drop_overlay(&path);
                    configuration = true;
                } else {
                    st.closed.forget(&path);
                }
            }
            st.report_files = None;
            if configuration {
                st.configs.forget();
            }
        }
        tracing::debug!(
            files = changes.len(),
            configuration,
            "files changed on disk"
        );
        if configuration {
            self.configuration_changed();
        } else {
            self.workspace_changed();
            self.refresh_workspace_diagnostics();
        }
    }

    fn refresh_workspace_diagnostics(self: &Arc<Self>) {
        let caps = self.lock().caps;
        if caps.pull_diagnostics && caps.diagnostic_refresh {
            let inner = self.clone();
            tokio::spawn(async move {
                let _ = inner.client.workspace_diagnostic_refresh().await;
            });
        }
    }
}

/// The workspace folders the client names (or its root), as paths.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    #[allow(deprecated)] // `root_uri`: still what older clients send
    let root = params.root_uri.as_ref();
    match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => {
            folders.iter().filter_map(|f| file_path(&f.uri)).collect()
        }
        _ => root.and_then(file_path).into_iter().collect(),
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = capabilities::negotiate_encoding(&params);
        let caps = ClientCaps::of(&params.capabilities);
        {
            let mut st = self.inner.lock();
            st.encoding = encoding;
            st.caps = caps;
            st.roots = roots(&params);
        }
        if let Some(options) = &params.initialization_options {
            match settings::parse(options) {
                Ok(settings) => self.inner.lock().settings = settings,
                Err(e) => {
                    warn!("initializationOptions ignored: {e}");
                    self.inner.outbox.show_message(
                        MessageType::ERROR,
                        format!("report-lsp：initializationOptions 有误，已忽略：{e}"),
                    );
                }
            }
        }
        info!(?encoding, pull = caps.pull_diagnostics, "initialize");
        Ok(InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "report-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: capabilities::server_capabilities(encoding, caps),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Requests to the client run detached: a handler awaiting an answer
        // the client never sends (it may already have said `exit`) would
        // keep the server from exiting.
        let inner = self.inner.clone();
        tokio::spawn(async move {
            inner.watch_files().await;
            inner.pull_configuration().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        info!("shutdown");
        self.inner.lock().shutting_down = true;
        self.inner.workspace_changed();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        if is_config_file(&item.uri) {
            let doc = Document::new(item.text.clone(), item.version, DocumentKind::PlainText);
            self.inner.lock().config_docs.insert(item.uri.clone(), doc);
            self.check_config_text(item.uri, &item.text);
            return;
        }
        let kind = DocumentKind::from_language_id(&item.language_id);
        let kind = if kind == DocumentKind::PlainText {
            DocumentKind::from_path(item.uri.path().as_str())
        } else {
            kind
        };
        let doc = Document::new(item.text, item.version, kind);
        self.inner
            .lock()
            .docs
            .insert(item.uri.clone(), Entry::new(doc));
        self.inner.schedule(item.uri);
        self.inner.workspace_changed();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        if is_config_file(&uri) {
            let text = {
                let mut st = self.inner.lock();
                let encoding = st.encoding;
                let Some(doc) = st.config_docs.get_mut(&uri) else {
                    return;
                };
                for change in &params.content_changes {
                    doc.edit(change.range, &change.text, encoding);
                }
                doc.version = params.text_document.version;
                doc.text().clone()
            };
            self.check_config_text(uri, &text);
            return;
        }
        {
            let mut st = self.inner.lock();
            let encoding = st.encoding;
            let Some(entry) = st.docs.get_mut(&uri) else {
                warn!(?uri, "change for a document that is not open; ignored");
                return;
            };
            if params.text_document.version < entry.doc.version {
                warn!(
                    ?uri,
                    "version went backwards ({} < {})",
                    params.text_document.version,
                    entry.doc.version
                );
            }
            for change in &params.content_changes {
                entry.doc.edit(change.range, &change.text, encoding);
            }
            entry.doc.version = params.text_document.version;
        }
        self.inner.schedule(uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_file(&params.text_document.uri) {
            {
                let mut st = self.inner.lock();
                if let Some(path) = file_path(&params.text_document.uri) {
                    st.configs.drop_overlay(&path);
                }
                st.configs.forget();
            }
            self.inner.configuration_changed();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.inner.lock().config_docs.remove(&uri);
        let (closed, pull) = {
            let mut st = self.inner.lock();
            (st.docs.remove(&uri).is_some(), st.caps.pull_diagnostics)
        };
        if closed {
            if !pull {
                self.inner.outbox.publish_diagnostics(uri, Vec::new(), None);
            }
            // Now a report on disk, for the workspace pull.
            self.inner.workspace_changed();
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get(SETTINGS_SECTION) {
            Some(value) => self.inner.apply_editor_settings(value),
            None => {
                let inner = self.inner.clone();
                tokio::spawn(async move { inner.pull_configuration().await });
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.inner.files_changed(&params.changes);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = self.inner.lock();
            for gone in params
                .event
                .removed
                .iter()
                .filter_map(|f| file_path(&f.uri))
            {
                st.roots.retain(|r| *r != gone);
            }
            for added in params.event.added.iter().filter_map(|f| file_path(&f.uri)) {
                if !st.roots.contains(&added) {
                    st.roots.push(added);
                }
            }
            st.report_files = None;
        }
        self.inner.workspace_changed();
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.inner.document_symbol(params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.inner.folding_range(params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.inner.inlay_hint(params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.inner.workspace_symbol(params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.inner.hover(params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some((doc, analysed)) = self.inner.current(&uri).await else {
            return Ok(None);
        };
        let has_path = file_path(&uri).is_some();
        let fix_all_by = self.inner.lock().caps.fix_all_by();
        let actions = tokio::task::spawn_blocking(move || {
            actions::code_actions(&params, &doc, &analysed, has_path, fix_all_by)
        })
        .await
        .map_err(|e| internal_error("codeAction", e))?;
        Ok(Some(actions))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let uri = action
            .data
            .as_ref()
            .and_then(|d| serde_json::from_value::<actions::FixAllData>(d.clone()).ok())
            .map(|d| d.uri);
        let Some(uri) = uri else {
            return Ok(action);
        };
        let Some((_, analysed)) = self.inner.current(&uri).await else {
            return Ok(action);
        };
        tokio::task::spawn_blocking(move || actions::resolve_fix_all(action, &analysed))
            .await
            .map_err(|e| internal_error("codeAction/resolve", e))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        self.inner.execute_command(params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        self.inner.document_diagnostic(params).await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        self.inner.workspace_diagnostic(params).await
    }
}

impl Backend {
    /// A `report-lsp.toml` open in the editor: its problems shown on it.
    fn check_config_text(&self, uri: Uri, text: &str) {
        let diagnostics = match Settings::from_toml(text).and_then(|s| s.compile().map(|_| s)) {
            Ok(_) => Vec::new(),
            Err(e) => vec![config_diagnostic(&e)],
        };
        self.inner
            .outbox
            .publish_diagnostics(uri, diagnostics, None);
    }
}

fn internal_error(what: &str, e: impl std::fmt::Display) -> tower_lsp_server::jsonrpc::Error {
    tracing::error!("{what} failed: {e}");
    tower_lsp_server::jsonrpc::Error::internal_error()
}
