//! Protocol handlers. Edits are applied to the document store synchronously,
//! before any `.await`: tower-lsp-server runs several handlers at once,
//! interleaved at awaits, and only the first poll of each is in arrival
//! order. Analysis runs on blocking threads, one chain per document, and a
//! result is published only if its version is still the document's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use tracing::{debug, error, info, warn};

use super::convert;
use super::document::{Document, Encoding};
use super::outbox::{self, Outbox};
use crate::config_file;
use crate::engine::{self, Config, ConfigError, DocumentKind, ParagraphCache, Settings};

pub const FIX_ALL_KIND: &str = "source.fixAll.report-lsp";
const SETTINGS_SECTION: &str = "reportLsp";

pub struct Backend {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    /// Where diagnostics go: straight to the output, not through `client`.
    outbox: Outbox,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    encoding: Encoding,
    hierarchical_symbols: bool,
    pull_configuration: bool,
    watch_registration: bool,
    editor_settings: Settings,
    /// Nearest `report-lsp.toml` per directory, parsed; cleared on change.
    file_settings: HashMap<PathBuf, Option<ConfigFile>>,
    /// Compiled configuration per directory (None key: no directory).
    configs: HashMap<Option<PathBuf>, Config>,
    /// Broken configuration files already shown to the user.
    reported: Vec<PathBuf>,
    docs: HashMap<Uri, Entry>,
    /// `report-lsp.toml` files open in the editor, checked as they are typed.
    config_docs: HashMap<Uri, Document>,
}

/// A `report-lsp.toml` and what parsing it gave.
type ConfigFile = (PathBuf, std::result::Result<Settings, ConfigError>);

struct Entry {
    doc: Document,
    /// Per-paragraph results of the last analysis; only the analysis
    /// chain uses it, one at a time.
    cache: Arc<Mutex<ParagraphCache>>,
    /// An analysis chain is running for this document.
    running: bool,
    /// The document or configuration changed while it ran.
    dirty: bool,
}

/// What to tell the user about configuration, sent after the lock is gone.
enum Notice {
    Message(String),
    FileDiagnostic(Uri, Vec<Diagnostic>),
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox) -> Backend {
        Backend {
            inner: Arc::new(Inner {
                client,
                outbox,
                state: Mutex::new(State::default()),
            }),
        }
    }
}

impl Inner {
    /// A handler that panicked while holding the lock must not take the
    /// server down with it: the state is still usable.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn schedule(self: &Arc<Self>, uri: Uri) {
        {
            let mut st = self.lock();
            let Some(entry) = st.docs.get_mut(&uri) else {
                return;
            };
            if entry.running {
                entry.dirty = true;
                return;
            }
            entry.running = true;
        }
        let inner = self.clone();
        tokio::spawn(async move { inner.analysis_chain(uri).await });
    }

    fn schedule_all(self: &Arc<Self>) {
        let uris: Vec<Uri> = self.lock().docs.keys().cloned().collect();
        for uri in uris {
            self.schedule(uri);
        }
    }

    /// Analyses the latest text until no change arrived meanwhile; bursts
    /// of edits collapse into one analysis, a lone edit waits for nothing.
    async fn analysis_chain(self: Arc<Self>, uri: Uri) {
        loop {
            let (doc, cache, config, encoding, notices) = {
                let mut st = self.lock();
                let Some(entry) = st.docs.get_mut(&uri) else {
                    return;
                };
                entry.dirty = false;
                let doc = entry.doc.clone();
                let cache = entry.cache.clone();
                let mut notices = Vec::new();
                let config = st.config_for(&uri, &mut notices);
                (doc, cache, config, st.encoding, notices)
            };
            self.send(notices);
            let version = doc.version;
            let for_uri = uri.clone();
            let publish = tokio::task::spawn_blocking(move || {
                let started = std::time::Instant::now();
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                let findings = engine::check_cached(doc.text(), doc.kind, &config, &mut cache);
                let analysed = started.elapsed();
                let diagnostics = convert::diagnostics(&doc, &findings, encoding);
                let converted = started.elapsed();
                let n = diagnostics.len();
                let frame = outbox::diagnostics_frame(for_uri, diagnostics, Some(version));
                debug!(
                    version,
                    n,
                    ?analysed,
                    converted = ?converted - analysed,
                    serialised = ?started.elapsed() - converted,
                    "analysed"
                );
                frame
            })
            .await;
            match publish {
                Ok(frame) => {
                    let current = self.lock().docs.get(&uri).map(|e| e.doc.version);
                    if current == Some(version) {
                        self.outbox.send(frame);
                    } else {
                        debug!(?uri, version, "dropped diagnostics of an older version");
                    }
                }
                Err(e) => error!(?uri, version, "analysis failed: {e}"),
            }
            let mut st = self.lock();
            let Some(entry) = st.docs.get_mut(&uri) else {
                return;
            };
            if !entry.dirty {
                entry.running = false;
                return;
            }
        }
    }

    fn send(&self, notices: Vec<Notice>) {
        for notice in notices {
            match notice {
                Notice::Message(m) => self.outbox.show_message(MessageType::ERROR, m),
                Notice::FileDiagnostic(uri, diags) => {
                    self.outbox.publish_diagnostics(uri, diags, None)
                }
            }
        }
    }

    /// A snapshot of an open document, or `None` when it is not open.
    fn snapshot(&self, uri: &Uri) -> Option<(Document, Encoding)> {
        let st = self.lock();
        st.docs.get(uri).map(|e| (e.doc.clone(), st.encoding))
    }

    async fn pull_configuration(self: &Arc<Self>) {
        if !self.lock().pull_configuration {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SETTINGS_SECTION.to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) => {
                let value = values.pop().unwrap_or(Value::Null);
                self.apply_editor_settings(&value).await;
            }
            Err(e) => warn!("workspace/configuration failed: {e}"),
        }
    }

    async fn apply_editor_settings(self: &Arc<Self>, value: &Value) {
        match editor_settings(value) {
            Ok(settings) => {
                let mut st = self.lock();
                if st.editor_settings == settings {
                    return;
                }
                st.editor_settings = settings;
                st.configs.clear();
            }
            Err(e) => {
                let message =
                    format!("report-lsp：编辑器设置 {SETTINGS_SECTION} 有误，已忽略：{e}");
                warn!("{message}");
                self.outbox.show_message(MessageType::ERROR, message);
                return;
            }
        }
        self.schedule_all();
    }

    async fn watch_config_files(&self) {
        if !self.lock().watch_registration {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", config_file::FILE_NAME)),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "report-lsp-config-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            warn!("could not watch {}: {e}", config_file::FILE_NAME);
        }
    }

    fn forget_file_settings(&self) {
        let mut st = self.lock();
        st.file_settings.clear();
        st.configs.clear();
        st.reported.clear();
    }
}

impl State {
    /// The configuration for a document: its nearest `report-lsp.toml`
    /// overridden by the editor settings. Problems go to `notices`.
    fn config_for(&mut self, uri: &Uri, notices: &mut Vec<Notice>) -> Config {
        let dir = uri
            .to_file_path()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        if let Some(c) = self.configs.get(&dir) {
            return c.clone();
        }
        let file = dir
            .as_ref()
            .and_then(|d| self.file_settings_for(d, notices));
        let merged = file
            .unwrap_or_default()
            .overridden_by(&self.editor_settings);
        let config = config_file::compile(&merged).unwrap_or_else(|e| {
            notices.push(Notice::Message(format!(
                "report-lsp：配置无法使用，已改用默认配置：{e}"
            )));
            Config::default()
        });
        self.report_pack_problems(&config, notices);
        self.configs.insert(dir, config.clone());
        config
    }

    /// A broken term pack: said once, and shown on the pack itself.
    fn report_pack_problems(&mut self, config: &Config, notices: &mut Vec<Notice>) {
        let mut by_file: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
        for p in config.problems() {
            let Some(file) = p.file.as_deref() else {
                continue;
            };
            by_file.entry(file).or_default().push(config_diagnostic(p));
        }
        for (file, diagnostics) in by_file {
            let path = PathBuf::from(file);
            if self.reported.contains(&path) {
                continue;
            }
            self.reported.push(path.clone());
            let first = config
                .problems()
                .iter()
                .find(|p| p.file.as_deref() == Some(file));
            if let Some(first) = first {
                notices.push(Notice::Message(format!(
                    "report-lsp：词表有误，有问题的词条未启用：{first}"
                )));
            }
            if let Some(uri) = Uri::from_file_path(&path) {
                notices.push(Notice::FileDiagnostic(uri, diagnostics));
            }
        }
    }

    fn file_settings_for(&mut self, dir: &Path, notices: &mut Vec<Notice>) -> Option<Settings> {
        let loaded = self
            .file_settings
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let path = config_file::find(dir)?;
                let parsed = match config_file::load(&path) {
                    Ok(s) => Ok(s),
                    Err(config_file::LoadError::Invalid { error, .. }) => Err(error),
                    Err(e) => Err(ConfigError {
                        file: None,
                        line: None,
                        column: None,
                        message: e.to_string(),
                    }),
                };
                Some((path, parsed))
            })
            .clone();
        let (path, parsed) = loaded?;
        match parsed {
            Ok(settings) => Some(settings),
            Err(error) => {
                if !self.reported.contains(&path) {
                    self.reported.push(path.clone());
                    notices.push(Notice::Message(format!(
                        "report-lsp：{} 有误，已改用默认配置：{error}",
                        path.display()
                    )));
                    if let Some(uri) = Uri::from_file_path(&path) {
                        notices.push(Notice::FileDiagnostic(uri, vec![config_diagnostic(&error)]));
                    }
                }
                None
            }
        }
    }
}

/// Editor settings: the same keys as `report-lsp.toml`, plus client-side
/// keys (`server`, `trace`) that are not ours; `null` means "not set", so
/// a client's unset defaults never override the file.
fn editor_settings(value: &Value) -> std::result::Result<Settings, ConfigError> {
    fn strip_nulls(v: &Value) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), strip_nulls(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let mut value = strip_nulls(value);
    if let Value::Object(map) = &mut value {
        map.remove("server");
        map.remove("trace");
    } else if !value.is_null() {
        return Err(ConfigError {
            file: None,
            line: None,
            column: None,
            message: "设置应为一个对象".into(),
        });
    }
    Settings::from_json(&value)
}

fn config_diagnostic(error: &ConfigError) -> Diagnostic {
    let line = error.line.map_or(0, |l| l.saturating_sub(1)) as u32;
    let col = error.column.map_or(0, |c| c.saturating_sub(1)) as u32;
    Diagnostic {
        range: Range::new(Position::new(line, col), Position::new(line, col + 1)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(convert::SOURCE.to_string()),
        message: format!("配置错误：{}", error.message),
        ..Diagnostic::default()
    }
}

fn is_config_file(uri: &Uri) -> bool {
    uri.to_file_path()
        .is_some_and(|p| p.file_name().is_some_and(|n| n == config_file::FILE_NAME))
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
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

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let caps = &params.capabilities;
        let text_caps = caps.text_document.as_ref();
        {
            let mut st = self.inner.lock();
            st.encoding = encoding;
            st.hierarchical_symbols = text_caps
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false);
            let workspace = caps.workspace.as_ref();
            st.pull_configuration = workspace.and_then(|w| w.configuration).unwrap_or(false);
            st.watch_registration = workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        if let Some(options) = &params.initialization_options {
            match editor_settings(options) {
                Ok(settings) => self.inner.lock().editor_settings = settings,
                Err(e) => {
                    warn!("initializationOptions ignored: {e}");
                    self.inner
                        .client
                        .show_message(
                            MessageType::ERROR,
                            format!("report-lsp：initializationOptions 有误，已忽略：{e}"),
                        )
                        .await;
                }
            }
        }
        info!(?encoding, "initialize");
        Ok(InitializeResult {
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "report-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(FIX_ALL_KIND),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Requests to the client run detached: a handler awaiting an answer
        // the client never sends (it may already have said `exit`) would
        // keep the server from exiting.
        let inner = self.inner.clone();
        tokio::spawn(async move {
            inner.watch_config_files().await;
            inner.pull_configuration().await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        info!("shutdown");
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        if is_config_file(&item.uri) {
            let doc = Document::new(item.text.clone(), item.version, DocumentKind::PlainText);
            self.inner.lock().config_docs.insert(item.uri.clone(), doc);
            self.check_config_text(item.uri, &item.text).await;
            return;
        }
        let kind = DocumentKind::from_language_id(&item.language_id);
        let kind = if kind == DocumentKind::PlainText {
            DocumentKind::from_path(item.uri.path().as_str())
        } else {
            kind
        };
        self.inner.lock().docs.insert(
            item.uri.clone(),
            Entry {
                doc: Document::new(item.text, item.version, kind),
                cache: Arc::default(),
                running: false,
                dirty: false,
            },
        );
        self.inner.schedule(item.uri);
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
                doc.text().clone()
            };
            self.check_config_text(uri, &text).await;
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
            self.inner.forget_file_settings();
            self.inner.schedule_all();
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.inner.lock().config_docs.remove(&uri);
        if self.inner.lock().docs.remove(&uri).is_some() {
            self.inner.outbox.publish_diagnostics(uri, Vec::new(), None);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get(SETTINGS_SECTION) {
            Some(value) => self.inner.apply_editor_settings(value).await,
            None => {
                let inner = self.inner.clone();
                tokio::spawn(async move { inner.pull_configuration().await });
            }
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.inner.forget_file_settings();
        self.inner.schedule_all();
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((doc, encoding)) = self.inner.snapshot(&uri) else {
            return Ok(None);
        };
        let hierarchical = self.inner.lock().hierarchical_symbols;
        let response = tokio::task::spawn_blocking(move || {
            let symbols = engine::outline(doc.text(), doc.kind);
            if hierarchical {
                DocumentSymbolResponse::Nested(convert::document_symbols(&doc, &symbols, encoding))
            } else {
                let mut flat = Vec::new();
                convert::symbol_information(&doc, &uri, &symbols, None, encoding, &mut flat);
                DocumentSymbolResponse::Flat(flat)
            }
        })
        .await
        .map_err(|e| internal_error("documentSymbol", e))?;
        Ok(Some(response))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((doc, _)) = self.inner.snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        let ranges = tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            convert::folding_ranges(&doc, &engine::outline(doc.text(), doc.kind), &mut out);
            out
        })
        .await
        .map_err(|e| internal_error("foldingRange", e))?;
        Ok(Some(ranges))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let Some((doc, encoding)) = self.inner.snapshot(&uri) else {
            return Ok(None);
        };
        let config = {
            let mut notices = Vec::new();
            let c = self.inner.lock().config_for(&uri, &mut notices);
            self.inner.send(notices);
            c
        };
        let actions = tokio::task::spawn_blocking(move || {
            super::actions::code_actions(&params, &doc, &config, encoding)
        })
        .await
        .map_err(|e| internal_error("codeAction", e))?;
        Ok(Some(actions))
    }
}

impl Backend {
    /// A `report-lsp.toml` open in the editor: its problems shown on it.
    async fn check_config_text(&self, uri: Uri, text: &str) {
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
    error!("{what} failed: {e}");
    tower_lsp_server::jsonrpc::Error::internal_error()
}
