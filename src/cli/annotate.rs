//! `report-lsp annotate IN.docx -o OUT.docx [--fix] [--force]`: the findings
//! handed back to Word as comments, and with `--fix` the safe fixes as
//! tracked changes. The input is never written; an existing output only
//! with `--force`, and then replaced whole (written beside it, renamed).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{read_docx, report_errors, Configs};
use crate::docx::{self, AnnotateOptions};
use crate::engine;

pub struct Request<'a> {
    pub input: &'a Path,
    pub output: &'a Path,
    pub fix: bool,
    pub force: bool,
    pub config: Option<&'a Path>,
}

/// Comments and revisions are signed with this name.
pub const AUTHOR: &str = "report-lsp";

pub fn run(request: &Request) -> ExitCode {
    match annotate(request) {
        Ok((findings, errors)) => {
            report_errors(&errors);
            if !errors.is_empty() {
                ExitCode::from(2)
            } else if findings > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(errors) => {
            report_errors(&errors);
            ExitCode::from(2)
        }
    }
}

/// The number of findings and the errors that did not stop the work.
fn annotate(request: &Request) -> Result<(usize, Vec<String>), Vec<String>> {
    let input = request.input;
    let output = request.output;
    let shown = output.display();
    if same_file(input, output) {
        return Err(vec![format!("{shown}: 输出文件就是输入文件，不会覆盖输入")]);
    }
    if output.is_dir() {
        return Err(vec![format!("{shown}: 是目录，请给出输出文件名")]);
    }
    if output.exists() && !request.force {
        return Err(vec![format!("{shown}: 已存在；加 --force 覆盖")]);
    }
    let mut errors = Vec::new();
    let Ok(mut configs) = Configs::new(request.config, &mut errors) else {
        return Err(errors);
    };
    let (bytes, document) = read_docx(input).map_err(|e| vec![e])?;
    let config = configs.for_file(input, &mut errors);
    let findings = engine::check_with_headings(&document.text, &document.heading_depths(), &config);
    let path = std::path::absolute(input)
        .ok()
        .map(|p| p.display().to_string());
    let (findings, _) = engine::apply_ignores(findings, &document.text, &config, path.as_deref());
    let date = timestamp();
    let annotated = docx::annotate(
        &bytes,
        &document,
        &findings,
        &AnnotateOptions {
            fix: request.fix,
            author: AUTHOR,
            date: &date,
        },
    )
    .map_err(|e| vec![format!("{}: {e}", input.display())])?;
    write_replacing(output, &annotated.bytes)
        .map_err(|e| vec![format!("{shown}: 无法写入：{e}")])?;
    let revisions = if request.fix {
        format!("，{} 处修订", annotated.revisions)
    } else {
        String::new()
    };
    eprintln!(
        "{shown}: 写入 {} 条批注{revisions}（{} 个问题）",
        annotated.comments,
        findings.len()
    );
    Ok((findings.len(), errors))
}

/// Whether two paths name one file (the output need not exist).
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
        #[cfg(not(unix))]
        {
            let _ = (ma, mb);
            return std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok();
        }
    }
    false
}

/// Writes to a temporary file beside `path`, then renames it over `path`:
/// a failed write leaves no half document behind.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf =
        path.with_file_name(format!(".{name}.report-lsp-{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// Now in UTC as `w:date` wants it; `SOURCE_DATE_EPOCH` fixes it for
/// reproducible output.
fn timestamp() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    iso8601(seconds)
}

/// Seconds since 1970 as `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian).
fn iso8601(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let secs = seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_714_555_800), "2024-05-01T09:30:00Z");
    }
}
