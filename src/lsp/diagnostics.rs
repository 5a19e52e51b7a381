//! Pulled diagnostics (LSP 3.17): `textDocument/diagnostic` for an open
//! report, answered from its current analysis, and `workspace/diagnostic`
//! for every report under the workspace folders, open or not — what
//! `report-lsp check` says of the same files. A workspace pull that would
//! find nothing new is held open until something changes (long polling):
//! VS Code asks again two seconds after every answer.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::*;
use tracing::{debug, warn};

use super::analysis::result_id;
use super::convert;
use super::outbox::Outbox;
use super::state::Inner;
use super::workspace::{self, ClosedDiagnostics};

/// Reports per partial result: a folder of reports fills the Problems
/// panel as it is checked, not at the end.
const BATCH: usize = 10;

/// A partial result of a workspace pull, sent as `$/progress` on the
/// client's partial-result token.
struct PartialResult;

#[derive(Debug, Serialize, Deserialize)]
struct PartialResultParams {
    token: ProgressToken,
    value: WorkspaceDiagnosticReportPartialResult,
}

impl Notification for PartialResult {
    type Params = PartialResultParams;
    const METHOD: &'static str = "$/progress";
}

impl Inner {
    pub async fn document_diagnostic(
        self: &Arc<Self>,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let report = match self.current(&uri).await {
            Some((_, a)) if params.previous_result_id.as_deref() == Some(a.result_id.as_str()) => {
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id: a.result_id.clone(),
                    },
                })
            }
            Some((_, a)) => full(Some(a.result_id.clone()), a.shown.to_vec()),
            // Not open (any more): nothing to say about it here.
            None => full(None, Vec::new()),
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    pub async fn workspace_diagnostic(
        self: &Arc<Self>,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<String, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri.as_str().to_string(), p.value))
            .collect();
        let partial = params.partial_result_params.partial_result_token;
        let mut token = params.work_done_progress_params.work_done_token;
        loop {
            let mut changes = self.workspace_changes.subscribe();
            let (open, closed) = self.workspace_reports().await;
            let progress = self
                .begin_progress(token.take(), open.len() + closed.len())
                .await;
            let scan = self
                .scan(open, closed, &previous, partial.as_ref(), progress.as_ref())
                .await;
            if let Some(p) = &progress {
                p.end();
            }
            // Only a client that streams results (VS Code does) is held:
            // one that asks once must get its answer.
            if scan.news || partial.is_none() || self.lock().shutting_down {
                let items = match &partial {
                    Some(token) => {
                        self.send_partial(token, scan.items);
                        Vec::new()
                    }
                    None => scan.items,
                };
                return Ok(WorkspaceDiagnosticReportResult::Report(
                    WorkspaceDiagnosticReport { items },
                ));
            }
            debug!("workspace pull: nothing changed, holding it");
            if changes.changed().await.is_err() {
                return Ok(WorkspaceDiagnosticReportResult::Report(
                    WorkspaceDiagnosticReport::default(),
                ));
            }
        }
    }

    fn send_partial(&self, token: &ProgressToken, items: Vec<WorkspaceDocumentDiagnosticReport>) {
        if !items.is_empty() {
            self.outbox.notify::<PartialResult>(&PartialResultParams {
                token: token.clone(),
                value: WorkspaceDiagnosticReportPartialResult { items },
            });
        }
    }

    /// Work-done progress on the client's token, or on one the server asks
    /// the client to create.
    async fn begin_progress(&self, token: Option<ProgressToken>, total: usize) -> Option<Progress> {
        let token = match token {
            Some(t) => t,
            None => {
                if !self.lock().caps.work_done_progress {
                    return None;
                }
                static NEXT: AtomicU64 = AtomicU64::new(1);
                let n = NEXT.fetch_add(1, Ordering::Relaxed);
                let t = ProgressToken::String(format!("report-lsp/workspace/{n}"));
                let created = tokio::time::timeout(
                    Duration::from_secs(5),
                    self.client.create_work_done_progress(t.clone()),
                )
                .await;
                if !matches!(created, Ok(Ok(()))) {
                    warn!("the client did not create a progress token");
                    return None;
                }
                t
            }
        };
        let progress = Progress {
            outbox: self.outbox.clone(),
            token,
            total,
        };
        // The title is the tool's, the message what it does ("检查报告
        // 12/40"): clients show them side by side.
        progress.send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "report-lsp".into(),
            cancellable: Some(false),
            message: Some(format!("检查报告 0/{total}")),
            percentage: Some(0),
        }));
        Some(progress)
    }

    /// The report of every report in the workspace: open ones from their
    /// current analysis, the others from disk. News (full reports) stream
    /// out as partial results while the scan goes on, when the client takes
    /// them; what is left, unchanged reports above all, is returned.
    async fn scan(
        self: &Arc<Self>,
        open: Vec<Uri>,
        closed: Vec<PathBuf>,
        previous: &HashMap<String, String>,
        partial: Option<&ProgressToken>,
        progress: Option<&Progress>,
    ) -> Scan {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Scan::default();
        // News not streamed yet.
        let mut news = Vec::new();
        let mut take = |report: WorkspaceDocumentDiagnosticReport, news: &mut Vec<_>| match report {
            WorkspaceDocumentDiagnosticReport::Full(_) => {
                out.news = true;
                news.push(report);
            }
            unchanged => out.items.push(unchanged),
        };
        let mut done = 0;
        for uri in open {
            if let Some((doc, a)) = self.current(&uri).await {
                seen.insert(uri.as_str().to_string());
                let version = Some(i64::from(doc.version));
                take(
                    workspace_report(uri, version, &a.result_id, &a.shown, previous),
                    &mut news,
                );
            }
            done += 1;
            if let Some(p) = progress {
                p.report(done);
            }
        }
        for path in closed {
            if let Some((uri, report)) = self.closed_report(&path).await {
                seen.insert(uri.as_str().to_string());
                take(
                    workspace_report(uri, None, &report.result_id, &report.items, previous),
                    &mut news,
                );
            }
            done += 1;
            if let Some(p) = progress {
                p.report(done);
            }
            if let Some(token) = partial {
                if news.len() >= BATCH {
                    self.send_partial(token, std::mem::take(&mut news));
                }
            }
        }
        // Reports the client knows that are gone (deleted, excluded, or
        // moved): cleared.
        for uri in previous.keys().filter(|u| !seen.contains(*u)) {
            if let Ok(uri) = uri.parse::<Uri>() {
                take(
                    WorkspaceDocumentDiagnosticReport::Full(
                        WorkspaceFullDocumentDiagnosticReport {
                            uri,
                            version: None,
                            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                                result_id: None,
                                items: Vec::new(),
                            },
                        },
                    ),
                    &mut news,
                );
            }
        }
        news.append(&mut out.items);
        out.items = news;
        out
    }

    /// A closed report's diagnostics: remembered while the file and the
    /// configuration stay the same. `None` when it cannot be read.
    async fn closed_report(self: &Arc<Self>, path: &Path) -> Option<(Uri, ClosedDiagnostics)> {
        let uri = Uri::from_file_path(path)?;
        let stamp = workspace::stamp(path)?;
        let mut notices = Vec::new();
        let (config, generation, encoding, server) = {
            let mut st = self.lock();
            let generation = st.configs.generation;
            if let Some(hit) = st.closed.diagnostics.get(path) {
                if hit.stamp == stamp && hit.generation == generation {
                    return Some((uri, hit.clone()));
                }
            }
            let config = st.config_for_dir(path.parent(), &mut notices);
            (config, generation, st.encoding, st.settings.server.clone())
        };
        self.send(notices);
        let owned = path.to_path_buf();
        let items = tokio::task::spawn_blocking(move || {
            let input = workspace::read(&owned).map_err(|e| debug!("{e}")).ok()?;
            let (findings, ranges) = workspace::findings(&input, &config, encoding);
            Some(convert::shown(&findings, &ranges, &server))
        })
        .await
        .ok()??;
        let report = ClosedDiagnostics {
            stamp,
            generation,
            result_id: result_id(
                generation,
                format!("{:x}-{:x}", stamp_hash(&stamp), items.len()),
            ),
            items: Arc::new(items),
        };
        self.lock()
            .closed
            .diagnostics
            .insert(path.to_path_buf(), report.clone());
        Some((uri, report))
    }
}

/// What a scan of the workspace found.
#[derive(Default)]
struct Scan {
    items: Vec<WorkspaceDocumentDiagnosticReport>,
    /// Whether any report is new to the client.
    news: bool,
}

/// Work-done progress of one workspace pull ("检查报告 12/40"), sent
/// through the outbox so it is in order with the answer.
struct Progress {
    outbox: Outbox,
    token: ProgressToken,
    total: usize,
}

impl Progress {
    fn send(&self, value: WorkDoneProgress) {
        self.outbox
            .notify::<tower_lsp_server::ls_types::notification::Progress>(&ProgressParams {
                token: self.token.clone(),
                value: ProgressParamsValue::WorkDone(value),
            });
    }

    fn report(&self, done: usize) {
        self.send(WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some(format!("检查报告 {done}/{}", self.total)),
            percentage: Some((done * 100 / self.total.max(1)) as u32),
        }));
    }

    fn end(&self) {
        self.send(WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(format!("检查了 {} 个报告", self.total)),
        }));
    }
}

fn stamp_hash(stamp: &workspace::Stamp) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    stamp.hash(&mut h);
    h.finish()
}

fn full(result_id: Option<String>, items: Vec<Diagnostic>) -> DocumentDiagnosticReport {
    DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
    })
}

fn workspace_report(
    uri: Uri,
    version: Option<i64>,
    result_id: &str,
    items: &[Diagnostic],
    previous: &HashMap<String, String>,
) -> WorkspaceDocumentDiagnosticReport {
    if previous.get(uri.as_str()).map(String::as_str) == Some(result_id) {
        WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
            uri,
            version,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: result_id.to_string(),
            },
        })
    } else {
        WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
            uri,
            version,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id.to_string()),
                items: items.to_vec(),
            },
        })
    }
}
