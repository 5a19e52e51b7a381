//! Printing findings, outlines and the rule list as text or JSON. The JSON
//! shapes are a contract with scripts: change them only with care.

use std::io::Write;

use serde::Serialize;

use super::{Format, Input, RulesFormat};
use crate::engine::text::{line_columns, ColumnUnit};
use crate::engine::{Finding, Symbol, RULES};

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
    /// Word documents only: `body`, `table`, `textbox`, `footnote`,
    /// `endnote`. Absent for text files, so their shape is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph_kind: Option<&'static str>,
    /// With `--show-ignored` only: `true` for what an `[[ignore]]` entry hides.
    #[serde(skip_serializing_if = "Option::is_none")]
    ignored: Option<bool>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
}

/// 1-based lines and columns (in characters) of byte offsets, converted
/// together in one pass over the text.
fn positions(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    line_columns(text, offsets, ColumnUnit::Chars)
        .into_iter()
        .map(|(l, c)| (l + 1, c + 1))
        .collect()
}

/// Where a line is, as the text output names it: the line number, or for a
/// Word document the paragraph (`第3段`, `第9段（表格）`).
fn line_label(input: &Input, line: usize) -> String {
    match input.docx.as_ref() {
        None => line.to_string(),
        Some(paragraphs) => match paragraphs.get(line - 1).and_then(|p| p.kind.label()) {
            Some(kind) => format!("第{line}段（{kind}）"),
            None => format!("第{line}段"),
        },
    }
}

fn paragraph_kind(input: &Input, line: usize) -> Option<&'static str> {
    let paragraphs = input.docx.as_ref()?;
    paragraphs.get(line - 1).map(|p| p.kind.as_str())
}

/// A checked document: what is reported, and what `[[ignore]]` entries hid.
pub struct Checked {
    pub input: Input,
    pub findings: Vec<Finding>,
    pub ignored: Vec<Finding>,
}

/// Prints the findings; with `show_ignored` also the hidden ones, marked
/// `ignored` (text) or `"ignored": true` (JSON), in document order.
pub fn findings(format: Format, results: &[Checked], show_ignored: bool) {
    // Stdout is line-buffered: a write per line of a large report's output
    // costs more than producing it.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut json = Vec::new();
    for Checked {
        input,
        findings,
        ignored,
    } in results
    {
        let mut all: Vec<(&Finding, bool)> = findings.iter().map(|f| (f, false)).collect();
        if show_ignored {
            all.extend(ignored.iter().map(|f| (f, true)));
            all.sort_by_key(|(f, _)| (f.range.start, f.range.end));
        }
        let offsets: Vec<usize> = all
            .iter()
            .flat_map(|(f, _)| [f.range.start, f.range.end])
            .collect();
        let at = positions(&input.text, &offsets);
        for (k, (f, hidden)) in all.into_iter().enumerate() {
            let (line, column) = at[2 * k];
            let (end_line, end_column) = at[2 * k + 1];
            match format {
                Format::Text => {
                    let _ = writeln!(
                        out,
                        "{}:{}:{column}: {}[{}] {}",
                        input.name,
                        line_label(input, line),
                        if hidden {
                            "ignored"
                        } else {
                            f.severity.as_str()
                        },
                        f.rule.code(),
                        f.message
                    );
                }
                Format::Json => json.push(JsonFinding {
                    path: &input.name,
                    line,
                    column,
                    end_line,
                    end_column,
                    rule: f.rule.code(),
                    severity: f.severity.as_str(),
                    message: &f.message,
                    fix: f.fix.as_ref().map(|x| JsonFix {
                        replacement: &x.replacement,
                    }),
                    paragraph_kind: paragraph_kind(input, line),
                    ignored: hidden.then_some(true),
                }),
            }
        }
    }
    if format == Format::Json {
        let _ = serde_json::to_writer_pretty(&mut out, &json);
        let _ = writeln!(out);
    }
}

#[derive(Serialize)]
struct JsonSymbol {
    name: String,
    kind: crate::engine::SymbolKind,
    level: u8,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    chars: usize,
    children: Vec<JsonSymbol>,
}

pub fn outline(format: Format, input: &Input, symbols: &[Symbol]) {
    let mut offsets = Vec::new();
    symbol_offsets(symbols, &mut offsets);
    let at = positions(&input.text, &offsets);
    let mut at = at.into_iter();
    // Stdout is line-buffered: a write per line of a large report's output
    // costs more than producing it.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let unit = if input.docx.is_some() { "段" } else { "行" };
    match format {
        Format::Text => print_tree(&mut out, &mut at, symbols, 0, unit),
        Format::Json => {
            let tree = to_json(&mut at, symbols);
            let _ = serde_json::to_writer_pretty(&mut out, &tree);
            let _ = writeln!(out);
        }
    }
}

/// Start and end of every symbol, depth first: the order `print_tree` and
/// `to_json` read them back in.
fn symbol_offsets(symbols: &[Symbol], out: &mut Vec<usize>) {
    for s in symbols {
        out.extend([s.range.start, s.range.end]);
        symbol_offsets(&s.children, out);
    }
}

type At = std::vec::IntoIter<(usize, usize)>;

fn print_tree(out: &mut impl Write, at: &mut At, symbols: &[Symbol], depth: usize, unit: &str) {
    for s in symbols {
        let (line, _) = at.next().unwrap_or_default();
        at.next();
        let _ = writeln!(
            out,
            "{}{}  （第 {line} {unit}，{}）",
            "  ".repeat(depth),
            s.name,
            s.length_label()
        );
        print_tree(out, at, &s.children, depth + 1, unit);
    }
}

fn to_json(at: &mut At, symbols: &[Symbol]) -> Vec<JsonSymbol> {
    symbols
        .iter()
        .map(|s| {
            let (line, column) = at.next().unwrap_or_default();
            let (end_line, end_column) = at.next().unwrap_or_default();
            JsonSymbol {
                name: s.name.clone(),
                kind: s.kind,
                level: s.level,
                line,
                column,
                end_line,
                end_column,
                chars: s.chars,
                children: to_json(at, &s.children),
            }
        })
        .collect()
}

pub fn rules(format: RulesFormat) {
    match format {
        RulesFormat::Text => {
            for r in RULES {
                println!(
                    "{:<24} {:<8} {}",
                    r.code,
                    r.default_severity.as_str(),
                    r.description
                );
            }
        }
        RulesFormat::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(RULES).unwrap_or_default()
            );
        }
        RulesFormat::Markdown => print!("{}", rules_markdown()),
        RulesFormat::Document => print!("{}", crate::engine::docs::rules_document()),
    }
}

/// The rule table of README.md, generated so the docs cannot drift.
pub fn rules_markdown() -> String {
    let mut s = String::from("| 规则 | 默认级别 | 检查什么 | 例子 |\n|---|---|---|---|\n");
    for r in RULES {
        s.push_str(&format!(
            "| `{}` | {} | {} | `{}` |\n",
            r.code,
            r.default_severity.as_str(),
            r.description,
            r.example
        ));
    }
    s
}
