//! Finding the reports in a folder: `*.txt`, `*.md`, `*.markdown` and
//! `*.docx`, walked as git and ripgrep walk (hidden directories and what
//! `.gitignore`/`.ignore` exclude are skipped), in a stable order, without
//! hanging on a symlink loop. The command line and the server's workspace
//! diagnostics share it, so both see the same files.

use std::path::{Path, PathBuf};

/// Whether a path names a report by its extension.
pub fn is_report(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "md" | "markdown" | "docx")
    )
}

/// `~$总结.docx`: the owner file Word keeps beside a document it has open.
fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// The reports under `root`; problems (unreadable directories, symlink
/// loops) go to `errors` and the walk goes on.
pub fn reports(root: &Path, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(true)
        .parents(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let path = e.path();
                if e.file_type().is_some_and(|t| t.is_file())
                    && is_report(path)
                    && !is_lock_file(path)
                {
                    files.push(e.into_path());
                }
            }
            Err(e) => errors.push(describe(root, &e)),
        }
    }
    files
}

fn describe(root: &Path, e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { path, err } => format!("{}: {}", path.display(), reason(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(root, err)
        }
        other => format!("{}: {}", root.display(), reason(other)),
    }
}

fn reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Loop { child, .. } => {
            format!("{}: 符号链接形成循环，已跳过", child.display())
        }
        ignore::Error::Io(io) => io.to_string(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => reason(err),
        other => other.to_string(),
    }
}
