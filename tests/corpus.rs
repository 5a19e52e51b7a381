//! Correct reports give no finding: the clean corpus, rule by rule.

#[path = "common/corpus.rs"]
mod corpus;

use report_lsp::engine::{self, Config};

/// Findings on the clean corpus that rules being rewritten in this wave
/// (issue 11) still give: file, rule and flagged text. Each is a false
/// alarm of a class that issue names; remove the entry when its fix lands.
/// Findings on the clean corpus that are known false alarms still to fix:
/// none. An entry here must name the rule and the text, with why.
const PENDING: &[(&str, &str, &str)] = &[];

#[test]
fn the_corpus_is_large_and_varied_enough() {
    let reports = corpus::clean_reports();
    assert!(reports.len() >= 8, "{} reports", reports.len());
    for r in &reports {
        let chars = r.text.chars().count();
        assert!(chars >= 1500, "{}: {chars} characters", r.name);
    }
}

#[test]
fn clean_reports_give_no_finding() {
    let config = Config::default();
    let mut unexpected = Vec::new();
    for r in corpus::clean_reports() {
        for f in engine::check(&r.text, r.kind, &config) {
            let flagged = &r.text[f.range.clone()];
            let pending = PENDING.iter().any(|&(file, rule, text)| {
                file == r.name && rule == f.rule.code() && text == flagged
            });
            if !pending {
                unexpected.push(format!(
                    "{}: {}[{}] {:?} {}",
                    r.name,
                    f.rule.code(),
                    f.range.start,
                    flagged,
                    f.message
                ));
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
