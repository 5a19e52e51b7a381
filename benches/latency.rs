//! LSP latency harness: starts the release server as an editor would and
//! measures, per document size, process start → initialize response,
//! didOpen → first diagnostics, a one-character edit at a random place →
//! fresh diagnostics (p50/p95/max), shutdown → exit, and peak RSS.
//!
//! Each size is measured twice: with diagnostics pushed after every change,
//! and pulled with `textDocument/diagnostic` after it, as VS Code and
//! Neovim ≥ 0.10 do.
//!
//! `cargo bench --bench latency` (sizes: REPORT_LSP_SIZES=10000,100000,1000000;
//! edits per size: REPORT_LSP_EDITS=200; REPORT_LSP_MODES=push|pull|both)

mod common;
#[path = "../tests/common/lsp.rs"]
mod lsp;

use std::time::{Duration, Instant};

use serde_json::json;

/// The server measured: this build's, or `REPORT_LSP_BIN` (to compare
/// two builds with the same harness).
fn bin() -> String {
    std::env::var("REPORT_LSP_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_report-lsp").into())
}

const URI: &str = "file:///tmp/report-lsp-latency/report.txt";

struct Row {
    size: usize,
    /// Diagnostics the editor gets: the findings, up to the limit of 1,000
    /// and a note on the rest.
    shown: usize,
    initialize: Duration,
    open: Duration,
    edits: Vec<Duration>,
    exit: Duration,
    peak_rss_kb: u64,
}

fn peak_rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// How the client gets diagnostics: pushed after each change, or pulled
/// with `textDocument/diagnostic` (as VS Code and Neovim ≥ 0.10 do).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Push,
    Pull,
}

/// The diagnostics of `version`, as the client in `mode` gets them.
fn diagnostics(
    client: &mut lsp::Client,
    mode: Mode,
    version: i64,
    previous: &mut Option<String>,
) -> usize {
    match mode {
        Mode::Push => client.diagnostics_at(URI, version).len(),
        Mode::Pull => {
            let mut report = client.request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": URI}, "previousResultId": previous}),
            );
            *previous = report["resultId"].as_str().map(str::to_string);
            match report["items"].take() {
                serde_json::Value::Array(items) => items.len(),
                _ => 0,
            }
        }
    }
}

fn measure(size: usize, edits: usize, mode: Mode) -> Row {
    let text = common::report(size);
    let started = Instant::now();
    let mut client = lsp::Client::start();
    let mut capabilities =
        json!({"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}});
    if mode == Mode::Pull {
        capabilities["textDocument"]["diagnostic"] = json!({});
        capabilities["workspace"] = json!({"diagnostics": {"refreshSupport": true}});
    }
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
    );
    let initialize = started.elapsed();
    client.notify("initialized", json!({}));

    let t = Instant::now();
    client.open(URI, "plaintext", 1, &text);
    let mut previous = None;
    let shown = diagnostics(&mut client, mode, 1, &mut previous);
    let open = t.elapsed();

    // One character typed or deleted at a random place, waiting each time
    // for the diagnostics of that version, as a user typing slowly would.
    let mut model = text;
    let mut seed = 0x9E3779B97F4A7C15u64;
    let mut version = 1;
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut at = (seed % model.len() as u64) as usize;
        while !model.is_char_boundary(at) {
            at -= 1;
        }
        version += 1;
        let change = if i % 2 == 0 {
            let pos = lsp::position_of(&model, at);
            model.insert(at, '的');
            json!([{"range": {"start": pos, "end": pos}, "text": "的"}])
        } else {
            let len = model[at..].chars().next().map_or(0, char::len_utf8);
            let range = json!({"start": lsp::position_of(&model, at), "end": lsp::position_of(&model, at + len)});
            model.replace_range(at..at + len, "");
            json!([{"range": range, "text": ""}])
        };
        let t = Instant::now();
        client.change(URI, version, change);
        diagnostics(&mut client, mode, version, &mut previous);
        times.push(t.elapsed());
    }
    let peak_rss_kb = peak_rss_kb(client.child.id());
    let t = Instant::now();
    client.shutdown_and_exit();
    Row {
        size,
        shown,
        initialize,
        open,
        edits: times,
        exit: t.elapsed(),
        peak_rss_kb,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is ignored.
    let sizes: Vec<usize> = std::env::var("REPORT_LSP_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let edits: usize = std::env::var("REPORT_LSP_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let modes: Vec<Mode> = match std::env::var("REPORT_LSP_MODES").as_deref() {
        Ok("push") => vec![Mode::Push],
        Ok("pull") => vec![Mode::Pull],
        _ => vec![Mode::Push, Mode::Pull],
    };
    println!("report-lsp latency ({} edits per size; times in ms)", edits);
    println!(
        "| diagnostics | characters | shown | initialize | open → diagnostics | edit p50 | edit p95 | edit max | exit | peak RSS MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for mode in modes {
        for &size in &sizes {
            let mut row = measure(size, edits, mode);
            row.edits.sort();
            let pct = |p: f64| {
                row.edits[((row.edits.len() as f64 * p) as usize).min(row.edits.len() - 1)]
            };
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1} |",
                if mode == Mode::Push { "push" } else { "pull" },
                row.size,
                row.shown,
                ms(row.initialize),
                ms(row.open),
                ms(pct(0.5)),
                ms(pct(0.95)),
                ms(*row.edits.last().unwrap()),
                ms(row.exit),
                row.peak_rss_kb as f64 / 1024.0
            );
        }
    }
}
