//! Finding and reading `report-lsp.toml`: the nearest one in the file's
//! directory or an ancestor.

use std::path::{Path, PathBuf};

use crate::engine::{ConfigError, Settings};

pub const FILE_NAME: &str = "report-lsp.toml";

/// The nearest `report-lsp.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: 无法读取配置文件：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}{}: 配置错误：{}", location(error), error.message)]
    Invalid { path: String, error: ConfigError },
}

pub fn load(path: &Path) -> Result<Settings, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    Settings::from_toml(&text).map_err(|error| LoadError::Invalid { path: shown, error })
}

/// `:line:column` in the style of compilers, so editors can jump to it.
fn location(error: &ConfigError) -> String {
    match (error.line, error.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}
