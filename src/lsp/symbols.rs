//! The outline and what is made from it: document symbols, folding ranges,
//! section lengths shown at the headings (inlay hints), and the headings of
//! every report in the workspace (`workspace/symbol`), so "二、存在的问题"
//! in last year's summary is one search away.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::convert;
use super::document::{Document, Encoding};
use super::state::Inner;
use super::workspace::{self, file_path, flatten, ClosedOutline};
use crate::engine::outline::thousands;
use crate::engine::{self, Symbol, SymbolKind};

/// Symbols a workspace search returns at most: more is never read.
const MAX_WORKSPACE_SYMBOLS: usize = 500;
/// How long the list of reports under the workspace folders is reused
/// when the client does not say what changed on disk.
const REPORT_LIST_TTL: Duration = Duration::from_secs(2);

impl Inner {
    /// An open document and its outline, made once per version.
    pub async fn outline(
        self: &Arc<Self>,
        uri: &Uri,
    ) -> Option<(Document, Encoding, Arc<Vec<Symbol>>)> {
        let (doc, encoding, cached) = {
            let st = self.lock();
            let entry = st.docs.get(uri)?;
            let cached = entry
                .outline
                .as_ref()
                .filter(|(v, _)| *v == entry.doc.version)
                .map(|(_, o)| o.clone());
            (entry.doc.clone(), st.encoding, cached)
        };
        if let Some(symbols) = cached {
            return Some((doc, encoding, symbols));
        }
        let for_outline = doc.clone();
        let symbols = tokio::task::spawn_blocking(move || {
            Arc::new(engine::outline(for_outline.text(), for_outline.kind))
        })
        .await
        .ok()?;
        if let Some(entry) = self.lock().docs.get_mut(uri) {
            if entry.doc.version == doc.version {
                entry.outline = Some((doc.version, symbols.clone()));
            }
        }
        Some((doc, encoding, symbols))
    }

    pub async fn document_symbol(
        self: &Arc<Self>,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((doc, encoding, symbols)) = self.outline(&uri).await else {
            return Ok(None);
        };
        let hierarchical = self.lock().caps.hierarchical_symbols;
        Ok(Some(if hierarchical {
            DocumentSymbolResponse::Nested(convert::document_symbols(&doc, &symbols, encoding))
        } else {
            let mut flat = Vec::new();
            convert::symbol_information(&doc, &uri, &symbols, None, encoding, &mut flat);
            DocumentSymbolResponse::Flat(flat)
        }))
    }

    pub async fn folding_range(
        self: &Arc<Self>,
        params: FoldingRangeParams,
    ) -> Result<Option<Vec<FoldingRange>>> {
        let Some((doc, _, symbols)) = self.outline(&params.text_document.uri).await else {
            return Ok(None);
        };
        let mut out = Vec::new();
        convert::folding_ranges(&doc, &symbols, &mut out);
        Ok(Some(out))
    }

    /// Each heading's section length (`1,204 字`), and for the sections of
    /// the first level their share of the whole (`· 18%`): writers work to
    /// length limits, and see at a glance where the words went.
    pub async fn inlay_hint(
        self: &Arc<Self>,
        params: InlayHintParams,
    ) -> Result<Option<Vec<InlayHint>>> {
        if !self.lock().settings.server.section_lengths {
            return Ok(Some(Vec::new()));
        }
        let Some((doc, encoding, symbols)) = self.outline(&params.text_document.uri).await else {
            return Ok(None);
        };
        let for_total = doc.clone();
        let total = tokio::task::spawn_blocking(move || {
            engine::document_chars(for_total.text(), for_total.kind)
        })
        .await
        .unwrap_or(0);
        let mut hints = Vec::new();
        section_hints(&doc, &symbols, total, encoding, params.range, &mut hints);
        Ok(Some(hints))
    }

    /// The reports under the workspace folders, listed again after a change
    /// on disk or a short while.
    async fn report_files(self: &Arc<Self>) -> Vec<PathBuf> {
        let roots = {
            let st = self.lock();
            if let Some((at, files)) = &st.report_files {
                if at.elapsed() < REPORT_LIST_TTL {
                    return files.clone();
                }
            }
            st.roots.clone()
        };
        let files = tokio::task::spawn_blocking(move || {
            let mut errors = Vec::new();
            let mut files: Vec<PathBuf> = roots
                .iter()
                .flat_map(|root| crate::discover::reports(root, &mut errors))
                .collect();
            files.sort();
            files.dedup();
            for e in errors {
                tracing::debug!("workspace: {e}");
            }
            files
        })
        .await
        .unwrap_or_default();
        self.lock().report_files = Some((Instant::now(), files.clone()));
        files
    }

    /// The reports of the workspace the configuration does not exclude,
    /// and the open documents, as (uri, path).
    pub async fn workspace_reports(self: &Arc<Self>) -> (Vec<Uri>, Vec<PathBuf>) {
        let files = self.report_files().await;
        let mut st = self.lock();
        let open: Vec<Uri> = st.docs.keys().cloned().collect();
        let open_paths: Vec<PathBuf> = open.iter().filter_map(file_path).collect();
        let mut notices = Vec::new();
        let closed = files
            .into_iter()
            .filter(|f| !open_paths.contains(f))
            .filter(|f| !st.config_for_dir(f.parent(), &mut notices).excludes(f))
            .collect();
        drop(st);
        self.send(notices);
        (open, closed)
    }

    pub async fn workspace_symbol(
        self: &Arc<Self>,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = Query::new(&params.query);
        let (open, closed) = self.workspace_reports().await;
        let mut found: Vec<(u8, SymbolInformation)> = Vec::new();
        let mut add = |uri: &Uri, name: &str, list: &[(Symbol, Range)]| {
            for (s, range) in list {
                if let Some(rank) = query.rank(&s.name) {
                    #[allow(deprecated)]
                    found.push((
                        rank,
                        SymbolInformation {
                            name: s.name.clone(),
                            kind: convert::symbol_kind(s.kind),
                            tags: None,
                            deprecated: None,
                            location: Location::new(uri.clone(), *range),
                            container_name: Some(name.to_string()),
                        },
                    ));
                }
            }
        };
        for uri in &open {
            let Some((doc, encoding, symbols)) = self.outline(uri).await else {
                continue;
            };
            let mut flat = Vec::new();
            flatten(&symbols, &mut flat);
            let ranges = doc.ranges(flat.iter().map(|s| s.selection.clone()), encoding);
            let list: Vec<(Symbol, Range)> = flat.into_iter().zip(ranges).collect();
            let name = file_path(uri)
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| uri.as_str().to_string());
            add(uri, &name, &list);
        }
        for path in closed {
            let Some(outline) = self.closed_outline(&path).await else {
                continue;
            };
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            add(&uri, &name, &outline.symbols);
        }
        // Stable: better matches first, then in file and document order.
        found.sort_by_key(|(rank, _)| *rank);
        found.truncate(MAX_WORKSPACE_SYMBOLS);
        Ok(Some(WorkspaceSymbolResponse::Flat(
            found.into_iter().map(|(_, s)| s).collect(),
        )))
    }

    async fn closed_outline(self: &Arc<Self>, path: &std::path::Path) -> Option<ClosedOutline> {
        let stamp = workspace::stamp(path)?;
        let encoding = {
            let st = self.lock();
            if let Some(hit) = st.closed.outlines.get(path) {
                if hit.stamp == stamp {
                    return Some(hit.clone());
                }
            }
            st.encoding
        };
        let owned = path.to_path_buf();
        let symbols = tokio::task::spawn_blocking(move || {
            let input = workspace::read(&owned).ok()?;
            Some(workspace::outline(&input, encoding))
        })
        .await
        .ok()??;
        let outline = ClosedOutline {
            stamp,
            symbols: Arc::new(symbols),
        };
        self.lock()
            .closed
            .outlines
            .insert(path.to_path_buf(), outline.clone());
        Some(outline)
    }
}

fn section_hints(
    doc: &Document,
    symbols: &[Symbol],
    total: usize,
    encoding: Encoding,
    range: Range,
    out: &mut Vec<InlayHint>,
) {
    for s in symbols {
        if s.kind == SymbolKind::Item {
            continue;
        }
        let at = doc.position(s.selection.end, encoding);
        if at.line >= range.start.line && at.line <= range.end.line {
            let share = (s.level == 1 && total > 0).then(|| (s.chars * 100 + total / 2) / total);
            let label = match share {
                Some(p) => format!("{} · {p}%", s.length_label()),
                None => s.length_label(),
            };
            let tooltip = match (s.kind, share) {
                (SymbolKind::Title, _) => format!("全文 {} 字（不计空白）", thousands(s.chars)),
                (_, Some(p)) => format!("本节 {} 字（不计空白），占全文 {p}%", thousands(s.chars)),
                _ => format!("本节 {} 字（不计空白）", thousands(s.chars)),
            };
            out.push(InlayHint {
                position: at,
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
        section_hints(doc, &s.children, total, encoding, range, out);
    }
}

/// A workspace symbol search: the query's characters in order, ignoring
/// case, spaces and punctuation (`存在问题` finds `二、存在的问题`).
struct Query(Vec<char>);

impl Query {
    fn new(q: &str) -> Query {
        Query(normalise(q).collect())
    }

    /// `None`: no match; 0: the query as it is; 1: its characters in order.
    fn rank(&self, name: &str) -> Option<u8> {
        if self.0.is_empty() {
            return Some(1);
        }
        let name: Vec<char> = normalise(name).collect();
        if name.windows(self.0.len()).any(|w| w == self.0.as_slice()) {
            return Some(0);
        }
        let mut want = self.0.iter().peekable();
        for c in &name {
            if want.peek() == Some(&c) {
                want.next();
            }
        }
        want.peek().is_none().then_some(1)
    }
}

fn normalise(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_matches_in_order_ignoring_marks() {
        let q = Query::new("存在问题");
        assert_eq!(q.rank("二、存在的问题"), Some(1));
        assert_eq!(Query::new("存在的问题").rank("二、存在的问题"), Some(0));
        assert_eq!(q.rank("三、下一步打算"), None);
        assert_eq!(Query::new("").rank("任何标题"), Some(1));
        assert_eq!(Query::new("ai").rank("推进 AI 应用"), Some(0));
    }
}
