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
