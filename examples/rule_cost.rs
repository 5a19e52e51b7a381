//! One check of the benchmark's 100k-character report with only the named
//! rules on (`none` for none): a fixed workload whose instruction count
//! (`valgrind --tool=callgrind`) compares a rule's cost across revisions
//! on a loaded machine, where timings do not. A rule's cost is its count
//! minus the count with `none`.
//!
//! `cargo build --release --example rule_cost`, then
//! `valgrind --tool=callgrind target/release/examples/rule_cost repeated-word`

#[path = "../benches/common/mod.rs"]
mod common;

use report_lsp::engine::{self, Config, DocumentKind, RULES};

fn main() {
    let on: Vec<String> = std::env::args().skip(1).collect();
    let mut toml = String::from("[rules]\n");
    for r in RULES.iter().filter(|r| !on.iter().any(|c| c == r.code)) {
        toml.push_str(&format!("{} = \"off\"\n", r.code));
    }
    let config = Config::from_toml(&toml).expect("generated config");
    let text = common::report(100_000);
    let findings = engine::check(&text, DocumentKind::PlainText, &config);
    println!("{} findings", findings.len());
}
