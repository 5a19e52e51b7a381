//! `number-usage` and `list-punctuation` through the real binary: quiet on
//! correct reports (the seeds and every correct fixture), and each mistake
//! of the errors fixture reported at its line with its fix.

mod common;

use common::*;
use serde_json::Value;

const RULES: [&str; 2] = ["number-usage", "list-punctuation"];

fn ours(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| RULES.iter().any(|r| f["rule"] == *r))
        .collect()
}

#[test]
fn seeds_and_correct_fixtures_give_no_finding_of_either_rule() {
    let paths = [
        seed(SEED_000),
        seed(SEED_001),
        fixture("clean_report.txt"),
        fixture("correct_report.txt"),
        fixture("correct_report.md"),
        fixture("numbers_correct.txt"),
    ];
    for path in paths {
        let out = check_json_file(&path);
        let findings = json_findings(&out);
        assert_eq!(ours(&findings), Vec::<&Value>::new(), "{}", path.display());
    }
}

/// The look-alike fixture is a correct report: no rule at all speaks.
#[test]
fn numbers_correct_fixture_has_no_findings() {
    let out = check_json_file(&fixture("numbers_correct.txt"));
    assert_eq!(stdout(&out).trim(), "[]");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn numbers_errors_fixture_reports_each_mistake_with_its_fix() {
    let out = check_json_file(&fixture("numbers_errors.txt"));
    let findings = json_findings(&out);
    let got: Vec<(u64, &str, &str, Option<&str>)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["fix"]["replacement"].as_str(),
            )
        })
        .collect();
    let n = "number-usage";
    let l = "list-punctuation";
    assert_eq!(
        got,
        [
            (2, n, "warning", Some("二〇二三")),
            (3, n, "warning", Some("五六")),
            (3, n, "warning", Some("三四十")),
            (4, n, "warning", Some("3～5")),
            (5, n, "warning", Some("2021—2025")),
            (6, n, "warning", Some("1—11")),
            (6, n, "warning", Some("95%～98")),
            (7, n, "warning", Some("2300")),
            (7, n, "warning", Some("2.5万")),
            (8, n, "warning", None),
            (9, n, "warning", Some("2023")),
            (10, n, "info", Some("2023年6月30日")),
            (11, l, "info", Some("")),
            (11, l, "info", Some("")),
            (12, l, "info", None),
        ]
    );
}

/// Applying every fix leaves only the findings that have none.
#[test]
fn fixing_the_errors_fixture_leaves_only_the_unfixable() {
    let text = std::fs::read_to_string(fixture("numbers_errors.txt")).unwrap();
    let dir = TempDir::new("numfix");
    let findings = check_json(&dir, "r.txt", &text);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut fixed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // Right to left within a line, so earlier columns stay valid.
    let mut edits: Vec<(usize, usize, usize, String)> = findings
        .iter()
        .filter_map(|f| {
            let replacement = f["fix"]["replacement"].as_str()?;
            assert_eq!(f["line"], f["end_line"]);
            Some((
                f["line"].as_u64().unwrap() as usize - 1,
                f["column"].as_u64().unwrap() as usize - 1,
                f["end_column"].as_u64().unwrap() as usize - 1,
                replacement.to_string(),
            ))
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    for (line, from, to, replacement) in edits {
        let chars: Vec<char> = fixed[line].chars().collect();
        let mut s: String = chars[..from].iter().collect();
        s.push_str(&replacement);
        s.extend(&chars[to..]);
        fixed[line] = s;
    }
    let after = check_json(&dir, "r.txt", &fixed.join("\n"));
    let left: Vec<(u64, bool)> = after
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["fix"].is_null()))
        .collect();
    assert_eq!(left, [(8, true), (12, true)], "{after:?}");
}

/// Lines of an evaluation fixture: not blank, not `#` comments.
fn eval_lines(name: &str) -> Vec<String> {
    std::fs::read_to_string(fixture(name))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn number_findings(text: &str) -> Vec<report_lsp::engine::Finding> {
    use report_lsp::engine::{check, Config, DocumentKind};
    check(text, DocumentKind::PlainText, &Config::default())
        .into_iter()
        .filter(|f| RULES.contains(&f.rule.code()))
        .collect()
}

/// Each sentence of `numbers_eval_errors.txt` (`句子 | 规则 | 错 → 对`) gives
/// exactly one finding of its rule, whose fix turns the wrong text into the
/// right one (or no fix, for `-`).
#[test]
fn evaluation_sentences_are_each_found_with_the_expected_fix() {
    let mut failed = Vec::new();
    let lines = eval_lines("numbers_eval_errors.txt");
    for line in &lines {
        let parts: Vec<&str> = line.split(" | ").collect();
        let [sentence, rule, expected] = parts[..] else {
            panic!("not `句子 | 规则 | 错 → 对`: {line}");
        };
        let (wrong, right) = expected.split_once(" → ").expect("错 → 对");
        let found = number_findings(sentence);
        let ok = match &found[..] {
            [f] if f.rule.code() == rule => match (&f.fix, right) {
                (None, "-") => true,
                (Some(fix), right) if right != "-" => {
                    let mut fixed = sentence.to_string();
                    fixed.replace_range(f.range.clone(), &fix.replacement);
                    fixed == sentence.replacen(wrong, right, 1)
                }
                _ => false,
            },
            _ => false,
        };
        if !ok {
            let got: Vec<String> = found
                .iter()
                .map(|f| format!("{} {:?} {:?}", f.rule.code(), f.message, f.fix))
                .collect();
            failed.push(format!("{sentence}: want {rule} {expected}, got {got:?}"));
        }
    }
    assert!(lines.len() >= 40, "{} sentences", lines.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// Standard numbers, telephone numbers, ISO dates, abbreviated series,
/// units, ranges already written with ～ or — … give neither rule's finding.
#[test]
fn evaluation_look_alikes_are_left_alone() {
    let lines = eval_lines("numbers_lookalikes.txt");
    let flagged: Vec<String> = lines
        .iter()
        .filter_map(|s| {
            let found = number_findings(s);
            (!found.is_empty()).then(|| format!("{s}: {:?}", found[0].message))
        })
        .collect();
    assert!(lines.len() >= 60, "{} sentences", lines.len());
    assert!(flagged.is_empty(), "{}", flagged.join("\n"));
}
