//! The command line: `check`, `outline`, `rules`, `serve`.

mod output;

pub use output::rules_markdown;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config_file;
use crate::decode::{decode, DecodeError, MAX_BYTES};
use crate::engine::{self, Config, DocumentKind, Settings};

/// `report-lsp --version`: the version and the source revision (build.rs).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("REPORT_LSP_REVISION"),
    ")"
);

#[derive(Parser)]
#[command(name = "report-lsp", version = VERSION, about = "中文工作报告检查器与语言服务器")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Start the language server on stdin/stdout (same as `serve`).
    #[arg(long)]
    stdio: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports and print findings.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Use this configuration instead of the nearest report-lsp.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Files, directories (searched for *.txt and *.md) or `-` for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print the outline of a report.
    Outline {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// List the rules: code, default severity, description.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Run the language server on stdin/stdout.
    Serve {
        /// Accepted for clients that always pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    /// The table in README.md.
    Markdown,
}

/// Exit codes: 0 nothing found, 1 findings, 2 usage or input error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Check {
            format,
            config,
            paths,
        }) => check(format, config.as_deref(), &paths),
        Some(Command::Outline { format, path }) => outline(format, &path),
        Some(Command::Rules { format }) => {
            output::rules(format);
            ExitCode::SUCCESS
        }
        Some(Command::Serve { .. }) => crate::lsp::serve(),
        None if cli.stdio => crate::lsp::serve(),
        None => {
            eprintln!(
                "report-lsp: 需要一个子命令（check、outline、rules、serve），见 report-lsp --help"
            );
            ExitCode::from(2)
        }
    }
}

/// One document to check, read and decoded.
pub struct Input {
    /// As shown to the user: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    pub kind: DocumentKind,
}

fn read_input(path: &Path) -> Result<Input, String> {
    if path == Path::new("-") {
        let bytes = read_limited(std::io::stdin()).map_err(|e| format!("<stdin>: {e}"))?;
        let text = decode(&bytes).map_err(|e| format!("<stdin>: {e}"))?;
        return Ok(Input {
            name: "<stdin>".into(),
            text,
            kind: DocumentKind::PlainText,
        });
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: 无法读取：{e}"))?;
    // A regular file says its size up front; a device or pipe (`/dev/zero`)
    // is read only up to the limit.
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > MAX_BYTES as u64 {
            return Err(format!("{name}: {}", DecodeError::TooLarge));
        }
    }
    let bytes = read_limited(file).map_err(|e| format!("{name}: {e}"))?;
    let text = decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Input {
        kind: DocumentKind::from_path(&name),
        name,
        text,
    })
}

/// Reads at most one byte more than the limit, so an endless stream ends
/// as "too large" instead of exhausting memory.
fn read_limited(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取：{e}"))?;
    if bytes.len() > MAX_BYTES {
        return Err(DecodeError::TooLarge.to_string());
    }
    Ok(bytes)
}

/// Expands directories into the reports below them, in a stable order.
fn expand(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path == Path::new("-") || !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && is_report(e.path()) => {
                    files.push(e.into_path())
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e
                        .path()
                        .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                    let why = if e.loop_ancestor().is_some() {
                        "符号链接形成循环，已跳过".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    };
                    errors.push(format!("{at}: {why}"));
                }
            }
        }
    }
    files
}

fn is_report(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("txt" | "md" | "markdown")
    )
}

/// Configuration per directory: the nearest report-lsp.toml, loaded once.
struct Configs {
    fixed: Option<Config>,
    by_dir: HashMap<PathBuf, Config>,
}

impl Configs {
    fn new(explicit: Option<&Path>, errors: &mut Vec<String>) -> Result<Configs, ()> {
        let fixed = match explicit {
            None => None,
            Some(path) => match config_file::load(path)
                .map_err(|e| e.to_string())
                .and_then(|s| compile(path, &s))
            {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.push(e);
                    return Err(());
                }
            },
        };
        Ok(Configs {
            fixed,
            by_dir: HashMap::new(),
        })
    }

    fn for_file(&mut self, file: &Path, errors: &mut Vec<String>) -> Config {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        let dir = if file == Path::new("-") {
            std::env::current_dir().unwrap_or_default()
        } else {
            std::path::absolute(file)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default()
        };
        if let Some(c) = self.by_dir.get(&dir) {
            return c.clone();
        }
        let config = match config_file::find(&dir) {
            None => Config::default(),
            Some(path) => match config_file::load(&path)
                .map_err(|e| e.to_string())
                .and_then(|s| compile(&path, &s))
            {
                Ok(c) => c,
                Err(e) => {
                    if !errors.contains(&e) {
                        errors.push(e);
                    }
                    Config::default()
                }
            },
        };
        self.by_dir.insert(dir, config.clone());
        config
    }
}

fn compile(path: &Path, settings: &Settings) -> Result<Config, String> {
    settings
        .compile()
        .map_err(|e| format!("{}: 配置错误：{e}", path.display()))
}

fn check(format: Format, config: Option<&Path>, paths: &[PathBuf]) -> ExitCode {
    let mut errors = Vec::new();
    let Ok(mut configs) = Configs::new(config, &mut errors) else {
        report_errors(&errors);
        return ExitCode::from(2);
    };
    let files = expand(paths, &mut errors);
    let mut results = Vec::new();
    for file in &files {
        match read_input(file) {
            Ok(input) => {
                let config = configs.for_file(file, &mut errors);
                let findings = engine::check(&input.text, input.kind, &config);
                results.push((input, findings));
            }
            Err(e) => errors.push(e),
        }
    }
    let total: usize = results.iter().map(|r| r.1.len()).sum();
    output::findings(format, &results);
    report_errors(&errors);
    if format == Format::Text {
        eprintln!("{total} 个问题，检查了 {} 个文件", results.len());
    }
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if total > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn outline(format: Format, path: &Path) -> ExitCode {
    match read_input(path) {
        Ok(input) => {
            let symbols = engine::outline(&input.text, input.kind);
            output::outline(format, &input, &symbols);
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_errors(&[e]);
            ExitCode::from(2)
        }
    }
}

fn report_errors(errors: &[String]) {
    for e in errors {
        eprintln!("report-lsp: 错误：{e}");
    }
}
