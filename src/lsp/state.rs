//! The server's state: open documents and their latest analyses, the
//! editor settings, and the configuration of each directory. Everything is
//! behind one lock, held only for bookkeeping: analysis and I/O happen
//! outside it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, Position, Range, Uri};
use tower_lsp_server::Client;

use super::analysis::Analysed;
use super::capabilities::ClientCaps;
use super::convert;
use super::document::{Document, Encoding};
use super::outbox::Outbox;
use super::settings::EditorSettings;
use super::workspace::ClosedReports;
use crate::config_file;
use crate::engine::{Config, ConfigError, ParagraphCache, Settings, Symbol};

pub struct Inner {
    pub client: Client,
    /// Where diagnostics go: straight to the output, not through `client`.
    pub outbox: Outbox,
    state: Mutex<State>,
    /// Bumped whenever an analysis is stored: requests that wait for the
    /// analysis of the current version look again.
    pub analyses: watch::Sender<u64>,
    /// Bumped whenever what a workspace pull reports may have changed: a
    /// report or configuration on disk, an open document, the settings.
    pub workspace_changes: watch::Sender<u64>,
}

#[derive(Default)]
pub struct State {
    pub encoding: Encoding,
    pub caps: ClientCaps,
    pub settings: EditorSettings,
    /// The workspace folders, as paths.
    pub roots: Vec<PathBuf>,
    pub docs: HashMap<Uri, Entry>,
    /// `report-lsp.toml` files open in the editor, checked as they are typed.
    pub config_docs: HashMap<Uri, Document>,
    pub configs: Configs,
    /// Reports that are not open, read for workspace diagnostics and symbols.
    pub closed: ClosedReports,
    /// The reports under the workspace folders, and when they were listed.
    pub report_files: Option<(std::time::Instant, Vec<PathBuf>)>,
    /// Set by `shutdown`: long-polling requests answer at once.
    pub shutting_down: bool,
}

pub struct Entry {
    pub doc: Document,
    /// Per-paragraph results of the last analysis; only the analysis
    /// chain uses it, one at a time.
    pub cache: Arc<Mutex<ParagraphCache>>,
    /// An analysis chain is running for this document.
    pub running: bool,
    /// The document or configuration changed while it ran.
    pub dirty: bool,
    /// The latest analysis stored (maybe of an older version).
    pub analysed: Option<Arc<Analysed>>,
    /// The outline of one version, made when first asked for.
    pub outline: Option<(i32, Arc<Vec<Symbol>>)>,
}

impl Entry {
    pub fn new(doc: Document) -> Entry {
        Entry {
            doc,
            cache: Arc::default(),
            running: false,
            dirty: false,
            analysed: None,
            outline: None,
        }
    }
}

/// What to tell the user about configuration, sent after the lock is gone.
pub enum Notice {
    Message(String),
    FileDiagnostic(Uri, Vec<Diagnostic>),
}

impl Inner {
    pub fn new(client: Client, outbox: Outbox) -> Inner {
        Inner {
            client,
            outbox,
            state: Mutex::new(State::default()),
            analyses: watch::Sender::new(0),
            workspace_changes: watch::Sender::new(0),
        }
    }

    /// A handler that panicked while holding the lock must not take the
    /// server down with it: the state is still usable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn send(&self, notices: Vec<Notice>) {
        for notice in notices {
            match notice {
                Notice::Message(m) => self
                    .outbox
                    .show_message(tower_lsp_server::ls_types::MessageType::ERROR, m),
                Notice::FileDiagnostic(uri, diags) => {
                    self.outbox.publish_diagnostics(uri, diags, None)
                }
            }
        }
    }

    /// Something a workspace pull reports may have changed.
    pub fn workspace_changed(&self) {
        self.workspace_changes.send_modify(|n| *n += 1);
    }
}

/// The configuration of each directory: its nearest `report-lsp.toml`,
/// overridden by the editor settings, compiled once until something changes.
#[derive(Default)]
pub struct Configs {
    /// Nearest `report-lsp.toml` per directory, parsed.
    file_settings: HashMap<PathBuf, Option<ConfigFile>>,
    /// Compiled configuration per directory (None key: no directory).
    compiled: HashMap<Option<PathBuf>, Config>,
    /// Broken configuration files and packs already shown to the user.
    reported: Vec<PathBuf>,
    /// Configuration texts the server changed through `workspace/applyEdit`
    /// that the editor may not have written yet (Neovim leaves an edited
    /// buffer unsaved): they count until the file on disk changes.
    overlays: HashMap<PathBuf, String>,
    /// Bumped whenever the configuration may have changed: a result
    /// computed under an older generation is stale.
    pub generation: u64,
}

/// A `report-lsp.toml` and what parsing it gave.
type ConfigFile = (PathBuf, Result<Settings, ConfigError>);

impl Configs {
    /// Forget everything read from disk: a configuration file changed.
    pub fn forget(&mut self) {
        self.file_settings.clear();
        self.compiled.clear();
        self.reported.clear();
        self.generation += 1;
    }

    /// The editor settings changed: recompile, but what was read stays.
    pub fn recompile(&mut self) {
        self.compiled.clear();
        self.generation += 1;
    }

    /// The text of `path` the server itself wrote, if the disk may not
    /// have it yet.
    pub fn overlay(&self, path: &Path) -> Option<&str> {
        self.overlays.get(path).map(String::as_str)
    }

    pub fn set_overlay(&mut self, path: PathBuf, text: String) {
        self.overlays.insert(path, text);
        self.forget();
    }

    /// The file on disk changed (the editor saved it): it is the truth again.
    pub fn drop_overlay(&mut self, path: &Path) {
        self.overlays.remove(path);
    }

    /// The nearest `report-lsp.toml` at or above `dir`, counting those the
    /// server created that the editor has not written yet.
    pub fn find(&self, dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(config_file::FILE_NAME))
            .find(|candidate| self.overlays.contains_key(candidate) || candidate.is_file())
    }

    /// The configuration for a document in `dir` (none: an untitled
    /// document). Problems go to `notices`, once per file.
    pub fn for_dir(
        &mut self,
        dir: Option<&Path>,
        editor: &Settings,
        notices: &mut Vec<Notice>,
    ) -> Config {
        let key = dir.map(Path::to_path_buf);
        if let Some(c) = self.compiled.get(&key) {
            return c.clone();
        }
        let file = dir.and_then(|d| self.file_settings_for(d, notices));
        let merged = file.unwrap_or_default().overridden_by(editor);
        let config = config_file::compile(&merged).unwrap_or_else(|e| {
            notices.push(Notice::Message(format!(
                "report-lsp：配置无法使用，已改用默认配置：{e}"
            )));
            Config::default()
        });
        self.report_pack_problems(&config, notices);
        self.compiled.insert(key, config.clone());
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
        if !self.file_settings.contains_key(dir) {
            let loaded = self.find(dir).map(|path| {
                let parsed = match self.overlays.get(&path) {
                    Some(text) => Settings::from_toml(text).map(|mut s| {
                        if let Some(base) = path.parent() {
                            s.resolve_paths(base);
                        }
                        s
                    }),
                    None => config_file::load(&path).map_err(|e| match e {
                        config_file::LoadError::Invalid { error, .. } => error,
                        other => ConfigError {
                            file: None,
                            line: None,
                            column: None,
                            message: other.to_string(),
                        },
                    }),
                };
                (path, parsed)
            });
            self.file_settings.insert(dir.to_path_buf(), loaded);
        }
        let (path, parsed) = self.file_settings.get(dir)?.clone()?;
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

impl State {
    /// The configuration for the document at `uri`.
    pub fn config_for(&mut self, uri: &Uri, notices: &mut Vec<Notice>) -> Config {
        let dir = uri
            .to_file_path()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        self.config_for_dir(dir.as_deref(), notices)
    }

    pub fn config_for_dir(&mut self, dir: Option<&Path>, notices: &mut Vec<Notice>) -> Config {
        self.configs.for_dir(dir, &self.settings.engine, notices)
    }
}

/// A configuration problem as a diagnostic on the file it is in.
pub fn config_diagnostic(error: &ConfigError) -> Diagnostic {
    let line = error.line.map_or(0, |l| l.saturating_sub(1)) as u32;
    let col = error.column.map_or(0, |c| c.saturating_sub(1)) as u32;
    Diagnostic {
        range: Range::new(Position::new(line, col), Position::new(line, col + 1)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(convert::SOURCE.to_string()),
        // A problem in a term pack, shown on the pack, is the word list's.
        message: if error.file.is_some() {
            format!("词表错误：{}", error.message)
        } else {
            format!("配置错误：{}", error.message)
        },
        ..Diagnostic::default()
    }
}

pub fn is_config_file(uri: &Uri) -> bool {
    uri.to_file_path()
        .is_some_and(|p| p.file_name().is_some_and(|n| n == config_file::FILE_NAME))
}
