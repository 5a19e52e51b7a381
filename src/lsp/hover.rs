//! Hover on a finding: what the rule is, what is wrong and expected, what
//! it rests on (the standard's clause, or the lexicon entry's source), an
//! example, and the exact `report-lsp.toml` lines that silence it. 公文
//! writers justify every change to whoever reviews the draft.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::state::Inner;
use super::workspace::file_path;
use crate::config_edit;
use crate::engine::docs;

impl Inner {
    pub async fn hover(self: &Arc<Self>, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some((doc, analysed)) = self.current(&at.text_document.uri).await else {
            return Ok(None);
        };
        let offset = doc.offset(at.position, analysed.encoding);
        let hits: Vec<usize> = (0..analysed.shown_findings)
            .filter(|&i| {
                let r = &analysed.findings[i].range;
                r.start <= offset && (offset < r.end || (r.is_empty() && offset == r.start))
            })
            .collect();
        let Some(&first) = hits.first() else {
            return Ok(None);
        };
        let (base, roots) = {
            let st = self.lock();
            (st.settings.server.docs_base_url.clone(), st.roots.clone())
        };
        // The report as an `[[ignore]]` entry of the file 忽略此处 writes names it.
        let file = file_path(&at.text_document.uri).map(|report| {
            let target = config_edit::target_for(&report, &roots);
            config_edit::relative_file(&target, &report)
        });
        let text = hits
            .iter()
            .map(|&i| {
                docs::hover(
                    &analysed.findings[i],
                    doc.text(),
                    &analysed.config,
                    file.as_deref(),
                    &base,
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(analysed.ranges[first]),
        }))
    }
}
