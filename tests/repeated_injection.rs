//! Injected doublings: clean reports of our own (`tests/fixtures/repeated/`,
//! 党建总结, 政府工作报告, 述职报告, 整改报告, 调研报告), with one word, phrase or
//! clause typed twice per copy. `repeated-word` must find at least 97 % of
//! them — the doubling reported, and its fix giving back the clean text —
//! report nothing on the clean text, and no rule may report anything new in
//! a mutated copy.

use std::collections::BTreeMap;
use std::fs;

use report_lsp::engine::{self, segment, Config, DocumentKind, Finding, Rule};

const FIXTURES: &str = "tests/fixtures/repeated";

/// Chinese numerals and measure words: a doubled `一个` is `一个一个`, which
/// SPEC lists as correct, so such units are not injected.
const NUMERALS: &str = "〇零一二三四五六七八九十百千万亿两";

struct Corpus {
    name: String,
    text: String,
}

fn corpora() -> Vec<Corpus> {
    let mut out: Vec<Corpus> = fs::read_dir(FIXTURES)
        .expect("fixtures directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| Corpus {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: fs::read_to_string(&p).expect("UTF-8 fixture"),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 5, "expected the clean reports in {FIXTURES}");
    out
}

fn check(text: &str) -> Vec<Finding> {
    engine::check(text, DocumentKind::PlainText, &Config::default())
}

/// Findings of every rule but `repeated-word`, by rule and flagged text.
fn others(text: &str, findings: &[Finding]) -> BTreeMap<(Rule, String), usize> {
    let mut out = BTreeMap::new();
    for f in findings.iter().filter(|f| f.rule != Rule::RepeatedWord) {
        *out.entry((f.rule, text[f.range.clone()].to_string()))
            .or_default() += 1;
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '〇'
}

/// One doubling: the unit inserted again right after itself at `at`.
struct Mutation<'a> {
    line: &'a str,
    at: usize,
    unit: &'a str,
}

impl Mutation<'_> {
    fn text(&self) -> String {
        let mut s = String::with_capacity(self.line.len() + self.unit.len());
        s.push_str(&self.line[..self.at]);
        s.push_str(self.unit);
        s.push_str(&self.line[self.at..]);
        s
    }
}

fn injectable(unit: &str) -> bool {
    let chars: Vec<char> = unit.chars().collect();
    chars.len() >= 2 && chars.iter().all(|&c| is_han(c)) && !NUMERALS.contains(chars[0])
}

/// Every word of two or more Han characters; every run of two to four
/// words (three characters or more); every clause of eight or more
/// characters between punctuation marks (a title or a sentence part typed
/// twice).
fn mutations(line: &str) -> Vec<Mutation<'_>> {
    let tokens = segment::tokens(line);
    let mut out = Vec::new();
    for t in &tokens {
        if injectable(t.word) {
            out.push(Mutation {
                line,
                at: t.end,
                unit: t.word,
            });
        }
    }
    for k in 2..=4 {
        for w in tokens.windows(k).step_by(2) {
            let unit = &line[w[0].start..w[k - 1].end];
            if unit.chars().count() >= 3 && injectable(unit) {
                out.push(Mutation {
                    line,
                    at: w[k - 1].end,
                    unit,
                });
            }
        }
    }
    let mut start = 0;
    for (i, c) in line.char_indices().chain([(line.len(), '。')]) {
        if !is_han(c) && !c.is_ascii_digit() {
            let clause = &line[start..i];
            if clause.chars().count() >= 8 && clause.chars().any(is_han) {
                out.push(Mutation {
                    line,
                    at: i,
                    unit: clause,
                });
            }
            start = i + c.len_utf8();
        }
    }
    out
}

fn apply(text: &str, f: &Finding) -> String {
    let mut s = text.to_string();
    s.replace_range(f.range.clone(), &f.fix.as_ref().expect("a fix").replacement);
    s
}

#[test]
fn clean_reports_have_no_repeated_words() {
    for corpus in corpora() {
        let found: Vec<String> = check(&corpus.text)
            .iter()
            .filter(|f| f.rule == Rule::RepeatedWord)
            .map(|f| format!("{}: {}", &corpus.text[f.range.clone()], f.message))
            .collect();
        assert!(found.is_empty(), "{}: {found:#?}", corpus.name);
    }
}

#[test]
fn injected_doublings_are_found_and_nothing_else_changes() {
    let (mut total, mut found) = (0usize, 0usize);
    let mut missed = Vec::new();
    let mut wrong = Vec::new();
    let mut other_rules = Vec::new();
    let mut documents_checked = 0;
    for corpus in corpora() {
        let clean_document = check(&corpus.text);
        let clean_document_others = others(&corpus.text, &clean_document);
        let mut offset = 0;
        for line in corpus.text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            let clean_others = others(line, &check(line));
            for m in mutations(line) {
                total += 1;
                let mutated = m.text();
                let findings = check(&mutated);
                let repeated: Vec<&Finding> = findings
                    .iter()
                    .filter(|f| f.rule == Rule::RepeatedWord)
                    .collect();
                match repeated.as_slice() {
                    [f] if apply(&mutated, f) == line => found += 1,
                    [] => missed.push(format!("{}: {mutated}", m.unit)),
                    more => wrong.push(format!(
                        "{}: {mutated} → {:?}",
                        m.unit,
                        more.iter()
                            .map(|f| &mutated[f.range.clone()])
                            .collect::<Vec<_>>()
                    )),
                }
                if others(&mutated, &findings) != clean_others {
                    other_rules.push(mutated.clone());
                }
                // Document-wide rules (numbering) see the whole report: check
                // it whole for a sample of the copies.
                if total % 40 == 0 {
                    documents_checked += 1;
                    let mut document = corpus.text.clone();
                    document.insert_str(line_start + m.at, m.unit);
                    let all = check(&document);
                    if others(&document, &all) != clean_document_others {
                        other_rules.push(format!("(whole document) {mutated}"));
                    }
                }
            }
        }
    }
    let recall = found as f64 / total as f64;
    println!(
        "injected {total}, found {found} (recall {recall:.4}), missed {}, wrong {}, \
         other-rule changes {}, whole documents checked {documents_checked}",
        missed.len(),
        wrong.len(),
        other_rules.len()
    );
    assert!(total >= 2000, "only {total} doublings injected");
    assert!(recall >= 0.97, "recall {recall:.4}; missed: {missed:#?}");
    assert!(wrong.is_empty(), "wrong or extra findings: {wrong:#?}");
    assert!(
        other_rules.is_empty(),
        "other rules changed: {other_rules:#?}"
    );
    assert!(documents_checked > 0);
}
