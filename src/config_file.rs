//! Finding and reading `report-lsp.toml`: the nearest one in the file's
//! directory or an ancestor.

use std::path::{Path, PathBuf};

use crate::decode::decode;
use crate::engine::config::PackText;
use crate::engine::{Config, ConfigError, Settings};

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
    let mut settings =
        Settings::from_toml(&text).map_err(|error| LoadError::Invalid { path: shown, error })?;
    // Packs and ignored files are named relative to the file naming them.
    let dir = path.parent().unwrap_or(Path::new("."));
    settings.resolve_paths(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
    Ok(settings)
}

/// A term pack larger than this is refused: packs are word lists.
const MAX_PACK_BYTES: u64 = 8 * 1024 * 1024;

/// Reads the term packs the settings name.
pub fn read_packs(settings: &Settings) -> Vec<PackText> {
    settings
        .pack_paths()
        .iter()
        .map(|name| {
            let text = std::fs::metadata(name)
                .map_err(|e| e.to_string())
                .and_then(|m| {
                    if m.len() > MAX_PACK_BYTES {
                        Err(format!("文件过大（上限 {MAX_PACK_BYTES} 字节）"))
                    } else {
                        std::fs::read(name).map_err(|e| e.to_string())
                    }
                })
                .and_then(|bytes| decode(&bytes).map_err(|e| e.to_string()));
            PackText {
                name: name.clone(),
                text,
            }
        })
        .collect()
}

/// Compiles settings with the packs they name. Problems with packs are in
/// the result's [`Config::problems`]; the rest of the configuration is used.
pub fn compile(settings: &Settings) -> Result<Config, ConfigError> {
    settings.compile_with_packs(&read_packs(settings))
}

/// `:line:column` in the style of compilers, so editors can jump to it.
fn location(error: &ConfigError) -> String {
    match (error.line, error.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}
