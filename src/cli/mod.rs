//! The command line: `check`, `outline`, `annotate`, `rules`, `serve`.

mod annotate;
mod output;

pub use output::rules_markdown;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config_file;
use crate::decode::{decode, DecodeError, MAX_BYTES};
use crate::docx::{self, ParagraphInfo};
use crate::engine::{self, Config, DocumentKind, Finding, Settings, Symbol};

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
        /// Also list what `[[ignore]]` entries hide, marked `ignored`.
        #[arg(long)]
        show_ignored: bool,
        /// Files, directories (searched for *.txt, *.md and *.docx) or `-` for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write a copy of a Word document with every finding as a comment.
    Annotate {
        /// The annotated copy to write.
        #[arg(short, long, value_name = "OUT.docx")]
        output: PathBuf,
        /// Also apply the safe fixes as tracked changes.
        #[arg(long)]
        fix: bool,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// Use this configuration instead of the nearest report-lsp.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        #[arg(value_name = "IN.docx")]
        input: PathBuf,
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
    /// Term packs (词表): check them.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
    /// Run the language server on stdin/stdout.
    Serve {
        /// Accepted for clients that always pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Run each entry's examples (flag / pass) and print what fails.
    Test {
        #[arg(required = true, value_name = "PACK")]
        packs: Vec<PathBuf>,
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
    /// The whole rules document, docs/rules.md.
    Document,
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
            show_ignored,
            paths,
        }) => check(format, config.as_deref(), show_ignored, &paths),
        Some(Command::Outline { format, path }) => outline(format, &path),
        Some(Command::Annotate {
            output,
            fix,
            force,
            config,
            input,
        }) => annotate::run(&annotate::Request {
            input: &input,
            output: &output,
            fix,
            force,
            config: config.as_deref(),
        }),
        Some(Command::Rules { format }) => {
            output::rules(format);
            ExitCode::SUCCESS
        }
        Some(Command::Lexicon {
            command: LexiconCommand::Test { packs },
        }) => lexicon_test(&packs),
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
    /// A Word document's paragraphs, one per line of `text`.
    pub docx: Option<Vec<ParagraphInfo>>,
    /// The absolute path, for `[[ignore]]` entries naming the file.
    pub path: Option<PathBuf>,
}

impl Input {
    /// The findings reported, and those `[[ignore]]` entries hide.
    pub fn findings(&self, config: &Config) -> (Vec<Finding>, Vec<Finding>) {
        let all = match &self.docx {
            Some(paragraphs) => {
                engine::check_with_headings(&self.text, &heading_depths(paragraphs), config)
            }
            None => engine::check(&self.text, self.kind, config),
        };
        let path = self.path.as_ref().map(|p| p.display().to_string());
        engine::apply_ignores(all, &self.text, config, path.as_deref())
    }

    pub fn outline(&self) -> Vec<Symbol> {
        match &self.docx {
            Some(paragraphs) => {
                engine::outline_with_headings(&self.text, &heading_depths(paragraphs))
            }
            None => engine::outline(&self.text, self.kind),
        }
    }
}

fn heading_depths(paragraphs: &[ParagraphInfo]) -> Vec<Option<u8>> {
    paragraphs.iter().map(|p| p.heading_depth).collect()
}

/// Word and WPS files, read as documents rather than decoded as text;
/// `.doc`/`.wps` only to say they must be saved as `.docx`.
fn is_word_path(path: &Path) -> bool {
    matches!(
        extension(path).as_deref(),
        Some("docx" | "docm" | "doc" | "wps")
    )
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Reads a Word document whole (bounded) and parses it.
pub fn read_docx(path: &Path) -> Result<(Vec<u8>, docx::Document), String> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: 无法读取：{e}"))?;
    let mut bytes = Vec::new();
    file.take(docx::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: 无法读取：{e}"))?;
    let legacy = matches!(extension(path).as_deref(), Some("doc" | "wps"));
    let document =
        docx::Document::from_bytes(&bytes, legacy).map_err(|e| format!("{name}: {e}"))?;
    Ok((bytes, document))
}

pub(crate) fn read_input(path: &Path) -> Result<Input, String> {
    if path == Path::new("-") {
        let bytes = read_limited(std::io::stdin()).map_err(|e| format!("<stdin>: {e}"))?;
        let text = decode(&bytes).map_err(|e| format!("<stdin>: {e}"))?;
        return Ok(Input {
            name: "<stdin>".into(),
            text,
            kind: DocumentKind::PlainText,
            docx: None,
            path: None,
        });
    }
    let name = path.display().to_string();
    if is_word_path(path) {
        let (_, document) = read_docx(path)?;
        return Ok(Input {
            name,
            text: document.text,
            kind: DocumentKind::PlainText,
            docx: Some(document.paragraphs),
            path: std::path::absolute(path).ok(),
        });
    }
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
        docx: None,
        path: std::path::absolute(path).ok(),
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
/// Expands directories into the reports below them, in a stable order.
/// Each file says whether it was named (checked even if `[files] exclude`
/// matches it) or found in a directory.
fn expand(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<(PathBuf, bool)> {
    let mut files = Vec::new();
    for path in paths {
        if path == Path::new("-") || !path.is_dir() {
            files.push((path.clone(), true));
            continue;
        }
        files.extend(
            crate::discover::reports(path, errors)
                .into_iter()
                .map(|f| (f, false)),
        );
    }
    files
}

/// Configuration per directory: the nearest report-lsp.toml, loaded once.
pub(crate) struct Configs {
    fixed: Option<Config>,
    by_dir: HashMap<PathBuf, Config>,
}

impl Configs {
    pub(crate) fn new(explicit: Option<&Path>, errors: &mut Vec<String>) -> Result<Configs, ()> {
        let fixed = match explicit {
            None => None,
            Some(path) => match config_file::load(path)
                .map_err(|e| e.to_string())
                .and_then(|s| compile(path, &s, errors))
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

    pub(crate) fn for_file(&mut self, file: &Path, errors: &mut Vec<String>) -> Config {
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
                .and_then(|s| compile(&path, &s, errors))
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

/// Compiles settings with their term packs; a broken pack is an error to
/// report, but the rest of the configuration is still used.
fn compile(path: &Path, settings: &Settings, errors: &mut Vec<String>) -> Result<Config, String> {
    let config =
        config_file::compile(settings).map_err(|e| format!("{}: 配置错误：{e}", path.display()))?;
    for p in config.problems() {
        let e = pack_error(p);
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    Ok(config)
}

/// `path:line: 词表错误：…`, like a compiler.
fn pack_error(e: &crate::engine::ConfigError) -> String {
    let file = e.file.as_deref().unwrap_or("report-lsp.toml");
    match e.line {
        Some(l) => format!("{file}:{l}: 词表错误：{}", e.message),
        None => format!("{file}: 词表错误：{}", e.message),
    }
}

fn check(format: Format, config: Option<&Path>, show_ignored: bool, paths: &[PathBuf]) -> ExitCode {
    let mut errors = Vec::new();
    let Ok(mut configs) = Configs::new(config, &mut errors) else {
        report_errors(&errors);
        return ExitCode::from(2);
    };
    let files = expand(paths, &mut errors);
    let mut results = Vec::new();
    for (file, named) in &files {
        let file = file.as_path();
        if !named {
            let config = configs.for_file(file, &mut errors);
            if config.excludes(&std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf())) {
                continue;
            }
        }
        match read_input(file) {
            Ok(input) => {
                let config = configs.for_file(file, &mut errors);
                let (findings, ignored) = input.findings(&config);
                results.push(output::Checked {
                    input,
                    findings,
                    ignored,
                });
            }
            Err(e) => errors.push(e),
        }
    }
    let total: usize = results.iter().map(|r| r.findings.len()).sum();
    let hidden: usize = results.iter().map(|r| r.ignored.len()).sum();
    output::findings(format, &results, show_ignored);
    report_errors(&errors);
    if format == Format::Text {
        let mut summary = format!("{total} 个问题，检查了 {} 个文件", results.len());
        // Nothing is silently lost: say how much the entries hide.
        if hidden > 0 {
            summary.push_str(&format!("；另有 {hidden} 个按 [[ignore]] 忽略"));
            if !show_ignored {
                summary.push_str("（--show-ignored 列出）");
            }
        }
        eprintln!("{summary}");
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
            let symbols = input.outline();
            output::outline(format, &input, &symbols);
            ExitCode::SUCCESS
        }
        Err(e) => {
            report_errors(&[e]);
            ExitCode::from(2)
        }
    }
}

/// `report-lsp lexicon test`: for people who maintain a shared pack.
fn lexicon_test(packs: &[PathBuf]) -> ExitCode {
    let mut unreadable = false;
    let (mut total, mut failed) = (0usize, 0usize);
    for path in packs {
        let name = path.display().to_string();
        let text = match std::fs::read(path)
            .map_err(|e| format!("无法读取：{e}"))
            .and_then(|b| decode(&b).map_err(|e| e.to_string()))
        {
            Ok(t) => t,
            Err(e) => {
                report_errors(&[format!("{name}: {e}")]);
                unreadable = true;
                continue;
            }
        };
        let (entries, errors) = crate::engine::lexicon::pack::parse_user_pack(&name, &text);
        total += entries.len() + errors.iter().filter(|e| e.line.is_some()).count();
        for e in &errors {
            match e.line {
                Some(l) => println!("{name}:{l}: {}", e.message),
                None => {
                    println!("{name}: {}", e.message);
                    unreadable = true;
                }
            }
        }
        failed += errors.iter().filter(|e| e.line.is_some()).count();
        for e in entries
            .iter()
            .filter(|e| e.flag.is_empty() && e.pass.is_empty())
        {
            eprintln!(
                "{name}:{}: 提示：词条“{}”没有例句（examples），无法自测",
                e.origin.line,
                e.wrong.join("、")
            );
        }
    }
    eprintln!("{total} 个词条，{failed} 个未通过");
    if unreadable {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub(crate) fn report_errors(errors: &[String]) {
    for e in errors {
        eprintln!("report-lsp: 错误：{e}");
    }
}
