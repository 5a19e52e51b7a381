//! Engine benchmarks on generated reports: the whole analysis at 10k, 100k
//! and 1M characters, each rule alone at 100k (so a slow rule shows), and
//! re-analysis after a one-character edit with the paragraph cache.
//!
//! `cargo bench --bench engine`

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use report_lsp::engine::{self, Config, DocumentKind, ParagraphCache, RULES};

fn only(code: &str) -> Config {
    let mut toml = String::from("[rules]\n");
    for r in RULES.iter().filter(|r| r.code != code) {
        toml.push_str(&format!("{} = \"off\"\n", r.code));
    }
    Config::from_toml(&toml).expect("generated config")
}

fn whole_document(c: &mut Criterion) {
    engine::segment::dictionary(); // its start table, outside the timings
    let config = Config::default();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for size in [10_000, 100_000, 1_000_000] {
        let text = common::report(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &text, |b, text| {
            b.iter(|| engine::check(black_box(text), DocumentKind::PlainText, &config))
        });
    }
    group.finish();
}

fn per_rule(c: &mut Criterion) {
    let text = common::report(100_000);
    let mut group = c.benchmark_group("rule-100k");
    group.sample_size(10);
    for rule in RULES {
        let config = only(rule.code);
        group.bench_function(rule.code, |b| {
            b.iter(|| engine::check(black_box(&text), DocumentKind::PlainText, &config))
        });
    }
    group.finish();
}

fn after_one_edit(c: &mut Criterion) {
    let config = Config::default();
    let mut group = c.benchmark_group("check-cached-after-edit");
    group.sample_size(20);
    for size in [100_000, 1_000_000] {
        let text = common::report(size);
        let mut edited = text.clone();
        let at = (0..=text.len() / 2)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap();
        edited.insert(at, '的');
        let mut cache = ParagraphCache::default();
        engine::check_cached(&text, DocumentKind::PlainText, &config, &mut cache);
        // Alternate between the two texts: every iteration re-analyses the
        // edited paragraph and reuses every other one.
        let mut flip = false;
        group.bench_function(BenchmarkId::from_parameter(size), |b| {
            b.iter(|| {
                flip = !flip;
                let t = if flip { &edited } else { &text };
                engine::check_cached(black_box(t), DocumentKind::PlainText, &config, &mut cache)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, whole_document, per_rule, after_one_edit);
criterion_main!(benches);
