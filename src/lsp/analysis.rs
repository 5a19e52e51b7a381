//! Analysing open documents: one chain per document, on blocking threads,
//! so bursts of edits collapse into one analysis and a lone edit waits for
//! nothing. Each analysis is converted to positions once and kept: the
//! diagnostics (pushed, or pulled), code actions, hover and fix-all all read
//! the same result, and none converts a position per finding again.

use std::sync::Arc;

use tower_lsp_server::ls_types::{Diagnostic, Range, Uri};
use tracing::{debug, error};

use super::convert;
use super::document::{Document, Encoding};
use super::outbox;
use super::settings::ServerSettings;
use super::state::Inner;
use super::workspace::file_path;
use crate::engine::{self, Config, Finding, ParagraphCache};

/// One analysis of one version of a document.
pub struct Analysed {
    pub version: i32,
    /// The configuration generation it was made under.
    pub generation: u64,
    pub config: Config,
    /// The position encoding of `ranges`.
    pub encoding: Encoding,
    /// What is reported (`[[ignore]]` entries applied), in document order.
    pub findings: Vec<Finding>,
    /// The position of each finding, in the negotiated encoding.
    pub ranges: Vec<Range>,
    /// What the editor shows: the first findings up to the limit, and a
    /// note saying how many more there are.
    pub shown: Arc<Vec<Diagnostic>>,
    /// How many findings are shown (the rest only count in the note).
    pub shown_findings: usize,
    /// Names this result in pulled diagnostics: the same id means the
    /// same version under the same configuration.
    pub result_id: String,
}

impl Analysed {
    /// Analyses one version of a document and converts the result once:
    /// findings (`[[ignore]]` entries applied; `path` is the document's),
    /// their positions, and the diagnostics the editor is shown.
    pub fn of(
        doc: &Document,
        cache: &mut ParagraphCache,
        config: Config,
        generation: u64,
        encoding: Encoding,
        server: &ServerSettings,
        path: Option<&str>,
    ) -> Analysed {
        let all = engine::check_cached(doc.text(), doc.kind, &config, cache);
        let (findings, _) = engine::apply_ignores(all, doc.text(), &config, path);
        let ranges = doc.ranges(findings.iter().map(|f| f.range.clone()), encoding);
        let shown = convert::shown(&findings, &ranges, server);
        Analysed {
            version: doc.version,
            generation,
            config,
            encoding,
            shown_findings: findings.len().min(server.max_diagnostics),
            findings,
            ranges,
            shown: Arc::new(shown),
            result_id: result_id(generation, format!("v{}", doc.version)),
        }
    }
}

/// A per-process prefix, so a result id handed out by an earlier server
/// process never matches one of ours.
fn process_tag() -> &'static str {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAG.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!("{:x}{:x}", std::process::id(), nanos)
    })
}

pub fn result_id(generation: u64, what: impl std::fmt::Display) -> String {
    format!("{}-{generation}-{what}", process_tag())
}

impl Inner {
    pub fn schedule(self: &Arc<Self>, uri: Uri) {
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

    /// The configuration may have changed: analyse every open document
    /// again, and have a client that pulls ask again.
    pub fn configuration_changed(self: &Arc<Self>) {
        self.schedule_all();
        self.workspace_changed();
        let caps = self.lock().caps;
        // Requests to the client run detached: the client may never answer.
        if caps.pull_diagnostics && caps.diagnostic_refresh {
            let inner = self.clone();
            tokio::spawn(async move {
                if let Err(e) = inner.client.workspace_diagnostic_refresh().await {
                    debug!("workspace/diagnostic/refresh: {e}");
                }
            });
        }
        if caps.inlay_hint_refresh {
            let inner = self.clone();
            tokio::spawn(async move {
                if let Err(e) = inner.client.inlay_hint_refresh().await {
                    debug!("workspace/inlayHint/refresh: {e}");
                }
            });
        }
    }

    pub fn schedule_all(self: &Arc<Self>) {
        let uris: Vec<Uri> = self.lock().docs.keys().cloned().collect();
        for uri in uris {
            self.schedule(uri);
        }
    }

    /// Analyses the latest text until no change arrived meanwhile.
    async fn analysis_chain(self: Arc<Self>, uri: Uri) {
        loop {
            let (doc, cache, config, generation, encoding, server, pull, notices) = {
                let mut st = self.lock();
                let mut notices = Vec::new();
                let config = st.config_for(&uri, &mut notices);
                let generation = st.configs.generation;
                let encoding = st.encoding;
                let server = st.settings.server.clone();
                let pull = st.caps.pull_diagnostics;
                let Some(entry) = st.docs.get_mut(&uri) else {
                    return;
                };
                entry.dirty = false;
                (
                    entry.doc.clone(),
                    entry.cache.clone(),
                    config,
                    generation,
                    encoding,
                    server,
                    pull,
                    notices,
                )
            };
            self.send(notices);
            let version = doc.version;
            let for_uri = uri.clone();
            let path = file_path(&uri).map(|p| p.display().to_string());
            let failed_config = config.clone();
            let result = tokio::task::spawn_blocking(move || {
                let started = std::time::Instant::now();
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                let analysis = Analysed::of(
                    &doc,
                    &mut cache,
                    config,
                    generation,
                    encoding,
                    &server,
                    path.as_deref(),
                );
                let analysed = started.elapsed();
                let frame = (!pull)
                    .then(|| outbox::diagnostics_frame(&for_uri, &analysis.shown, Some(version)));
                debug!(
                    version,
                    n = analysis.findings.len(),
                    ?analysed,
                    serialised = ?started.elapsed() - analysed,
                    "analysed"
                );
                (analysis, frame.flatten())
            })
            .await;
            let (analysis, frame) = match result {
                Ok(done) => done,
                Err(e) => {
                    // A result all the same, so that nothing waits for an
                    // analysis that will never come.
                    error!(?uri, version, "analysis failed: {e}");
                    let empty = Analysed {
                        version,
                        generation,
                        config: failed_config,
                        encoding,
                        findings: Vec::new(),
                        ranges: Vec::new(),
                        shown: Arc::default(),
                        shown_findings: 0,
                        result_id: result_id(generation, format!("v{version}-failed")),
                    };
                    (empty, None)
                }
            };
            let finished = {
                let mut st = self.lock();
                let Some(entry) = st.docs.get_mut(&uri) else {
                    return;
                };
                if entry.doc.version == version {
                    entry.analysed = Some(Arc::new(analysis));
                    self.outbox.send(frame);
                } else {
                    debug!(?uri, version, "dropped the analysis of an older version");
                }
                if !entry.dirty {
                    entry.running = false;
                }
                !entry.dirty
            };
            self.analyses.send_modify(|n| *n += 1);
            if finished {
                return;
            }
        }
    }

    /// The document at `uri` and its analysis, once the analysis of its
    /// current version under the current configuration is there; `None`
    /// when the document is not open (or closes meanwhile).
    pub async fn current(self: &Arc<Self>, uri: &Uri) -> Option<(Document, Arc<Analysed>)> {
        let mut analyses = self.analyses.subscribe();
        loop {
            let idle = {
                let st = self.lock();
                let entry = st.docs.get(uri)?;
                if let Some(a) = &entry.analysed {
                    if a.version == entry.doc.version && a.generation == st.configs.generation {
                        return Some((entry.doc.clone(), a.clone()));
                    }
                }
                !entry.running
            };
            // Nothing is running that would bring it (the configuration
            // changed since): start it.
            if idle {
                self.schedule(uri.clone());
            }
            if analyses.changed().await.is_err() {
                return None;
            }
        }
    }
}
