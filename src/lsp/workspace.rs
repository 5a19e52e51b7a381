//! Reports that are not open: found under the workspace folders as the
//! command line finds them in a folder, read from disk as it reads them
//! (encodings, Word documents), and remembered until the file or the
//! configuration changes, for workspace diagnostics and symbols.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use tower_lsp_server::ls_types::{Diagnostic, Position, Range, Uri};

use super::document::Encoding;
use crate::cli::{read_input, Input};
use crate::engine::text::{line_columns, ColumnUnit};
use crate::engine::{Config, Finding, Symbol};

/// What identifies a file's content without reading it.
pub type Stamp = (Option<SystemTime>, u64);

pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// The path of a `file:` URI (`None` for `untitled:` and the like).
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.as_str().starts_with("file:") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// The diagnostics of a closed report under one configuration.
#[derive(Clone)]
pub struct ClosedDiagnostics {
    pub stamp: Stamp,
    pub generation: u64,
    pub result_id: String,
    pub items: Arc<Vec<Diagnostic>>,
}

/// The outline of a closed report.
#[derive(Clone)]
pub struct ClosedOutline {
    pub stamp: Stamp,
    /// Each symbol with the range of its name, depth first.
    pub symbols: Arc<Vec<(Symbol, Range)>>,
}

#[derive(Default)]
pub struct ClosedReports {
    pub diagnostics: HashMap<PathBuf, ClosedDiagnostics>,
    pub outlines: HashMap<PathBuf, ClosedOutline>,
}

impl ClosedReports {
    /// Forget a file that changed on disk.
    pub fn forget(&mut self, path: &Path) {
        self.diagnostics.remove(path);
        self.outlines.remove(path);
    }
}

/// A report read from disk.
pub fn read(path: &Path) -> Result<Input, String> {
    read_input(path)
}

fn unit(encoding: Encoding) -> ColumnUnit {
    match encoding {
        Encoding::Utf8 => ColumnUnit::Utf8,
        Encoding::Utf16 => ColumnUnit::Utf16,
        Encoding::Utf32 => ColumnUnit::Chars,
    }
}

/// LSP ranges of byte ranges of `text`, converted in one pass.
pub fn ranges(text: &str, spans: &[std::ops::Range<usize>], encoding: Encoding) -> Vec<Range> {
    let offsets: Vec<usize> = spans
        .iter()
        .flat_map(|r| [r.start, r.end.max(r.start)])
        .collect();
    let at = |(l, c): (usize, usize)| Position::new(l as u32, c as u32);
    line_columns(text, &offsets, unit(encoding))
        .chunks_exact(2)
        .map(|p| Range::new(at(p[0]), at(p[1])))
        .collect()
}

/// The findings of a report read from disk, and their ranges.
pub fn findings(input: &Input, config: &Config, encoding: Encoding) -> (Vec<Finding>, Vec<Range>) {
    let (findings, _) = input.findings(config);
    let spans: Vec<_> = findings.iter().map(|f| f.range.clone()).collect();
    let ranges = ranges(&input.text, &spans, encoding);
    (findings, ranges)
}

/// The outline of a report read from disk, flattened depth first, with
/// the range of each symbol's name (where a search result jumps to).
pub fn outline(input: &Input, encoding: Encoding) -> Vec<(Symbol, Range)> {
    let mut flat = Vec::new();
    flatten(&input.outline(), &mut flat);
    let spans: Vec<_> = flat.iter().map(|s| s.selection.clone()).collect();
    let ranges = ranges(&input.text, &spans, encoding);
    flat.into_iter().zip(ranges).collect()
}

/// An outline depth first, each symbol without its children.
pub fn flatten(symbols: &[Symbol], out: &mut Vec<Symbol>) {
    for s in symbols {
        out.push(Symbol {
            children: Vec::new(),
            ..s.clone()
        });
        flatten(&s.children, out);
    }
}
