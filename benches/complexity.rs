//! Complexity: does a request cost time linear in the text plus findings?
//! For the shapes that break quadratic code — one line of a million
//! characters dense with findings, 200,000 short lines, findings
//! on every line — it times the engine's check, the conversion of every
//! finding to LSP positions, and a code action request over the whole
//! document (with fix-all's edits), at n and 2n characters, and prints the
//! ratio of the 2n time to the n time: about 2 is linear, 4 quadratic.
//!
//! `cargo bench --bench complexity`

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion};
use report_lsp::engine::{self, Config, DocumentKind};
use report_lsp::lsp::bench;

/// A text of `n` characters made of `unit` repeated.
fn repeat(unit: &str, n: usize) -> String {
    let chars = unit.chars().count();
    unit.repeat(n / chars)
}

/// The shapes: name and text of about `n` characters.
fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        // Every 7 characters a doubled word: one finding each, on one line.
        ("one-line", repeat("征集征集意见，", n) + "\n"),
        // Lines of three characters, a placeholder on every fourth: 200,000
        // lines at 800,000 characters.
        ("short-lines", repeat("学习。\n落实。\nXX会\n考核。\n", n)),
        // Several findings on every line: placeholder, doubled word, an
        // unclosed quote, a half-width comma.
        ("dense-lines", repeat("召开XX会议,征集征集“意见。\n", n)),
    ]
}

const SIZES: [usize; 2] = [400_000, 800_000];

fn benches(c: &mut Criterion) {
    engine::segment::dictionary();
    let config = Config::default();
    for (shape, _) in shapes(1) {
        let mut group = c.benchmark_group(format!("complexity-{shape}"));
        group.sample_size(10);
        for n in SIZES {
            let text = shapes(n)
                .into_iter()
                .find(|(s, _)| *s == shape)
                .map(|(_, t)| t)
                .unwrap_or_default();
            let analysis = bench::analyse(&text);
            eprintln!(
                "{shape} at {n}: {} lines, {} findings",
                text.lines().count(),
                analysis.findings()
            );
            group.bench_with_input(BenchmarkId::new("check", n), &text, |b, t| {
                b.iter(|| engine::check(black_box(t), DocumentKind::PlainText, &config))
            });
            group.bench_function(BenchmarkId::new("convert", n), |b| {
                b.iter(|| black_box(analysis.convert()))
            });
            group.bench_function(BenchmarkId::new("code-actions", n), |b| {
                b.iter(|| black_box(analysis.code_actions()))
            });
        }
        group.finish();
    }
}

/// The median of one benchmark, from what criterion wrote.
fn median_ns(group: &str, op: &str, n: usize) -> Option<f64> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/criterion")
        .join(group)
        .join(op)
        .join(n.to_string())
        .join("new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn ratios() {
    let [n, n2] = SIZES;
    println!("\ncomplexity: time at {n2} characters / time at {n} (2 = linear)");
    println!("| shape | check | convert | code actions |");
    println!("|---|---:|---:|---:|");
    for (shape, _) in shapes(1) {
        let group = format!("complexity-{shape}");
        let ratio = |op: &str| match (median_ns(&group, op, n), median_ns(&group, op, n2)) {
            (Some(a), Some(b)) => format!("{:.2} ({:.1} → {:.1} ms)", b / a, a / 1e6, b / 1e6),
            _ => "–".to_string(),
        };
        println!(
            "| {shape} | {} | {} | {} |",
            ratio("check"),
            ratio("convert"),
            ratio("code-actions")
        );
    }
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
    ratios();
}
