//! The command line as users and scripts see it: output, exit codes, JSON
//! shape, encodings, configuration, and the seeds.

mod common;

use common::*;
use serde_json::Value;

fn rules_at(findings: &[Value]) -> Vec<(u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The rules of the engine issue; the seeds' counts for them are exact.
const CORE_RULES: [&str; 5] = [
    "placeholder",
    "repeated-word",
    "unbalanced-quote",
    "unbalanced-bracket",
    "misnumbered",
];

fn is_core(f: &Value) -> bool {
    CORE_RULES.iter().any(|r| f["rule"] == *r)
}

#[test]
fn seed_000_reports_placeholders_and_the_doubled_word_only() {
    let out = check_json_file(&seed(SEED_000));
    assert_eq!(out.status.code(), Some(1));
    let all: Vec<Value> = json_findings(&out);
    let findings: Vec<&Value> = all.iter().filter(|f| is_core(f)).collect();
    let got: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(findings.len(), 4, "{got:?}");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["rule"] == "placeholder")
            .count(),
        3
    );
    let repeated: Vec<&&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "repeated-word")
        .collect();
    assert_eq!(repeated.len(), 1);
    assert!(repeated[0]["message"]
        .as_str()
        .unwrap()
        .contains("征集征集"));
    assert_eq!(repeated[0]["fix"]["replacement"], "");
}

/// Seed 000's two errors beyond the core rules: the garbled “两个维护”
/// formulation and the comma splitting 开展 — and nothing else.
#[test]
fn seed_000_reports_the_formulation_and_the_split_word() {
    let text = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let out = check_json_file(&seed(SEED_000));
    let all: Vec<Value> = json_findings(&out);
    let others: Vec<&Value> = all.iter().filter(|f| !is_core(f)).collect();
    assert_eq!(others.len(), 2, "{others:?}");
    let line_of =
        |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() as u64 + 1;

    let formulation = others[0];
    assert_eq!(formulation["rule"], "formulation");
    assert_eq!(
        formulation["line"].as_u64(),
        Some(line_of("习近平同志党中央的核心全党的核心地位"))
    );
    // “维护习近平同志……” is authoritative wording (the 十九届六中全会《决议》):
    // only the lost 、 is wrong, and the fix touches only that.
    let message = formulation["message"].as_str().unwrap();
    assert!(message.contains("党中央的核心全党的核心"), "{message}");
    assert_eq!(
        formulation["fix"]["replacement"],
        "党中央的核心、全党的核心"
    );

    let split = others[1];
    assert_eq!(split["rule"], "split-word");
    assert_eq!(split["severity"], "hint");
    assert_eq!(split["line"].as_u64(), Some(line_of("开，展")));
    let line = text.lines().nth(line_of("开，展") as usize - 1).unwrap();
    let column = line[..line.find("开，展").unwrap()].chars().count() as u64 + 1;
    assert_eq!(split["column"].as_u64(), Some(column));
    assert_eq!(split["end_column"].as_u64(), Some(column + 3));
}

#[test]
fn seed_001_reports_ten_stars_and_the_doubled_character_only() {
    let out = check_json_file(&seed(SEED_001));
    let all: Vec<Value> = json_findings(&out);
    let findings: Vec<&Value> = all.iter().filter(|f| is_core(f)).collect();
    assert_eq!(
        findings
            .iter()
            .filter(|f| f["rule"] == "placeholder")
            .count(),
        10
    );
    let repeated: Vec<&&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "repeated-word")
        .collect();
    assert_eq!(repeated.len(), 1, "{repeated:?}");
    assert!(repeated[0]["message"].as_str().unwrap().contains("常抓抓"));
    assert_eq!(findings.len(), 11);
}

/// Seed 001's one finding beyond the core rules: the no-break spaces that
/// end the paragraph of section 三.
#[test]
fn seed_001_reports_the_trailing_spaces() {
    let text = std::fs::read_to_string(seed(SEED_001)).unwrap();
    let out = check_json_file(&seed(SEED_001));
    let all: Vec<Value> = json_findings(&out);
    let others: Vec<&Value> = all.iter().filter(|f| !is_core(f)).collect();
    assert_eq!(others.len(), 1, "{others:?}");
    let f = others[0];
    assert_eq!(f["rule"], "stray-space");
    assert_eq!(f["severity"], "info");
    assert_eq!(f["fix"]["replacement"], "");
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.ends_with([' ', '\u{a0}']))
        .unwrap();
    assert!(line.starts_with("三、"), "{line}");
    let content = line.trim_end_matches([' ', '\u{a0}']);
    assert_eq!(f["line"].as_u64(), Some(n as u64 + 1));
    assert_eq!(
        f["column"].as_u64(),
        Some(content.chars().count() as u64 + 1)
    );
    assert_eq!(
        f["end_column"].as_u64(),
        Some(line.chars().count() as u64 + 1)
    );
}

/// The rules of issue 7.
const FURTHER_RULES: [&str; 8] = [
    "marker-style",
    "quote-nesting",
    "halfwidth-punctuation",
    "doubled-punctuation",
    "stray-space",
    "document-number",
    "formulation",
    "split-word",
];

/// The seeds with their known errors corrected give no finding from the
/// further rules: they are quiet on real, correct reports.
#[test]
fn seeds_with_their_errors_fixed_are_quiet_for_the_further_rules() {
    let dir = TempDir::new("seedfix");
    for (name, edits) in [
        (
            SEED_000,
            vec![
                (
                    "维护习近平同志党中央的核心全党的核心地位",
                    "维护习近平总书记党中央的核心、全党的核心地位",
                ),
                ("条开，展", "条，开展"),
            ],
        ),
        (SEED_001, vec![("效应。\u{a0}\u{a0}", "效应。")]),
    ] {
        let mut text = std::fs::read_to_string(seed(name)).unwrap();
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let findings = check_json(&dir, "report.txt", &text);
        let further: Vec<&Value> = findings
            .iter()
            .filter(|f| FURTHER_RULES.iter().any(|r| f["rule"] == *r))
            .collect();
        assert!(further.is_empty(), "{name}: {further:?}");
    }
}

/// Correct reports full of numbers, times, decimals, URLs, e-mail, Latin,
/// Markdown, quotations and 文号 produce no findings at all.
#[test]
fn correct_fixtures_have_no_findings() {
    for name in [
        "clean_report.txt",
        "correct_report.txt",
        "correct_report.md",
    ] {
        let out = run(&["check", "--format", "json", fixture(name).to_str().unwrap()]);
        assert_eq!(stdout(&out).trim(), "[]", "{name}");
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
}

/// One mistake of each further rule, with its code and fix.
#[test]
fn further_rules_are_reported_with_code_and_fix() {
    let dir = TempDir::new("further");
    let text = "工作总结\n\
                （一）、加强学习\n\
                他说：“要做到“两个维护”。”\n\
                加强学习,提高能力。\n\
                全面完成，，下一步\n\
                加强 学习。\n\
                根据国发[2023]5号文件\n\
                团结在以习近平为核心的党中央周围\n";
    let findings = check_json(&dir, "r.txt", text);
    let got: Vec<(u64, &str, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["fix"]["replacement"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (2, "marker-style", "（一）"),
            (3, "quote-nesting", "‘两个维护’"),
            (4, "halfwidth-punctuation", "，"),
            (5, "doubled-punctuation", "，"),
            (6, "stray-space", ""),
            (7, "document-number", "〔2023〕"),
            (8, "formulation", "以习近平同志为核心的党中央"),
        ]
    );
}

/// The keys of each object in a JSON array, in the order they were written.
struct KeysInOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for KeysInOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = KeysInOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<KeysInOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, serde::de::IgnoredAny)) = map.next_entry::<String, _>()? {
                    keys.push(key);
                }
                Ok(KeysInOrder(keys))
            }
        }
        d.deserialize_map(Keys)
    }
}

#[test]
fn json_shape_is_exactly_the_contract() {
    let dir = TempDir::new("json");
    let text = "标题\n会议（说明)如下𠀀征集征集";
    let findings = check_json(&dir, "a.txt", text);
    assert_eq!(findings.len(), 2);
    let path = dir.write("a.txt", text);
    let raw = run(&["check", "--format", "json", path.to_str().unwrap()]).stdout;
    for KeysInOrder(keys) in serde_json::from_slice::<Vec<KeysInOrder>>(&raw).unwrap() {
        assert_eq!(
            keys,
            [
                "path",
                "line",
                "column",
                "end_line",
                "end_column",
                "rule",
                "severity",
                "message",
                "fix"
            ]
        );
    }
    // Columns count characters, 1-based, end exclusive; 𠀀 is one character.
    let bracket = &findings[0];
    assert_eq!(
        (bracket["line"].as_u64(), bracket["column"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(bracket["end_column"].as_u64(), Some(7));
    assert_eq!(bracket["fix"], serde_json::json!({"replacement": "）"}));
    let repeated = &findings[1];
    assert_eq!(repeated["column"].as_u64(), Some(12));
    assert_eq!(repeated["end_column"].as_u64(), Some(14));
}

#[test]
fn exit_codes() {
    let dir = TempDir::new("exit");
    let clean = dir.write("clean.txt", "全面推进各项工作。\n");
    let dirty = dir.write("dirty.txt", "召开XX会议。\n");
    assert_eq!(
        run(&["check", clean.to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", dirty.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["bogus"]).status.code(), Some(2));
    assert_eq!(run(&["--version"]).status.code(), Some(0));
}

#[test]
fn text_format_is_compiler_style() {
    let out = run(&["check", fixture("errors_report.txt").to_str().unwrap()]);
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.ends_with(
            "errors_report.txt:3:14: warning[placeholder] 模板占位符“XX”未替换，请填写实际内容"
        ),
        "{first}"
    );
    assert!(stderr(&out).contains("8 个问题"));
}

#[test]
fn fixtures_clean_and_with_errors() {
    let out = check_json_file(&fixture("clean_report.txt"));
    assert_eq!(stdout(&out).trim(), "[]");
    assert_eq!(out.status.code(), Some(0));

    let out = check_json_file(&fixture("errors_report.txt"));
    let findings: Vec<Value> = json_findings(&out);
    let want: Vec<(u64, String)> = [
        (3, "placeholder"),
        (5, "unbalanced-quote"),
        (5, "placeholder"),
        (5, "misnumbered"),
        (7, "unbalanced-bracket"),
        (7, "unbalanced-bracket"),
        (7, "repeated-word"),
        (8, "misnumbered"),
    ]
    .iter()
    .map(|(l, r)| (*l, r.to_string()))
    .collect();
    assert_eq!(rules_at(&findings), want);
}

#[test]
fn markdown_code_and_links_are_not_checked() {
    let out = check_json_file(&fixture("report.md"));
    let findings: Vec<Value> = json_findings(&out);
    assert_eq!(rules_at(&findings), [(8, "placeholder".to_string())]);
}

#[test]
fn gbk_and_utf16_give_the_same_findings_as_utf8() {
    let dir = TempDir::new("enc");
    let original = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&original);
    assert!(!unmappable);
    let utf8 = dir.write("utf8.txt", &original);
    let gbk = dir.write("gbk.txt", &gbk);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(original.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let utf16 = dir.write("utf16.txt", &utf16);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(original.as_bytes());
    let bom = dir.write("bom.txt", &bom);

    let strip_path = |p: &std::path::Path| {
        let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
        let mut v: Vec<Value> = json_findings(&out);
        v.iter_mut().for_each(|f| f["path"] = Value::Null);
        v
    };
    let expected = strip_path(&utf8);
    assert_eq!(expected.len(), 6);
    assert_eq!(strip_path(&gbk), expected);
    assert_eq!(strip_path(&utf16), expected);
    assert_eq!(strip_path(&bom), expected);
}

#[test]
fn unreadable_input_is_named_and_the_rest_still_checked() {
    let dir = TempDir::new("bad");
    let good = dir.write("good.txt", "召开XX会议。\n");
    let binary = dir.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00");
    let latin = dir.write("latin.txt", b"\xff\xfe\xfd\xff\xff");
    let missing = dir.path().join("missing.txt");
    let out = run(&[
        "check",
        missing.to_str().unwrap(),
        binary.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(err.contains("image.txt") && err.contains("二进制"), "{err}");
    assert!(stdout(&out).contains("good.txt:1:3: warning[placeholder]"));
    let out = run(&["check", latin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("latin.txt"));
}

#[test]
fn directories_recurse_into_reports_only() {
    let dir = TempDir::new("dir");
    dir.write("a.txt", "召开XX会议。\n");
    dir.write("sub/b.md", "# 标题\n\n征集征集意见。\n");
    dir.write("sub/c.rs", "XX XX XX");
    dir.write(".hidden/d.txt", "XX局");
    let out = run(&["check", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.contains("a.txt:1:3") && text.contains("b.md:3:3"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_an_error_not_a_hang() {
    let dir = TempDir::new("loop");
    dir.write("a.txt", "正常内容。\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let out = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("循环"), "{}", stderr(&out));
}

#[test]
fn stdin_is_checked_as_plain_text() {
    let out = run_in(&["check", "-"], Some("召开XX会议。".as_bytes()), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("<stdin>:1:3: warning[placeholder]"));
}

#[test]
fn configuration_is_found_and_applied() {
    let dir = TempDir::new("config");
    let report = dir.write(
        "sub/report.txt",
        "召开XX会议，征集征集意见，核对某单位数据。\n",
    );
    dir.write(
        "report-lsp.toml",
        "[rules]\nplaceholder = \"error\"\nrepeated-word = \"off\"\n[placeholder]\npatterns = [\"某单位\"]\n",
    );
    let out = run(&["check", report.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines().all(|l| l.contains("error[placeholder]")),
        "{text}"
    );
}

#[test]
fn broken_configuration_names_file_and_line() {
    let dir = TempDir::new("badconfig");
    let report = dir.write("report.txt", "召开XX会议。\n");
    dir.write(
        "report-lsp.toml",
        "[rules]\nplaceholder = \"warning\"\nrepeted-word = \"off\"\n",
    );
    let out = run(&["check", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("report-lsp.toml:3:1"), "{err}");
    assert!(err.contains("repeted-word"), "{err}");
    // Still checked, with defaults.
    assert!(stdout(&out).contains("warning[placeholder]"));

    let explicit = dir.write("other.toml", "[rules\n");
    let out = run(&[
        "check",
        "--config",
        explicit.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("other.toml:1"), "{}", stderr(&out));
}

#[test]
fn outline_of_seed_001_names_sections_up_to_the_first_full_stop() {
    let out = run(&[
        "outline",
        "--format",
        "json",
        seed(SEED_001).to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let tree: Vec<Value> = json_findings(&out);
    assert_eq!(tree.len(), 1);
    assert_eq!(
        tree[0]["name"],
        "上半年党支部党建工作及落实全面从严治党主体责任情况"
    );
    assert_eq!(tree[0]["kind"], "title");
    let sections: Vec<&str> = tree[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "一、强化政治统领，坚定拥护“两个确立”",
            "二、高擎思想旗帜，夯实理想信念根基",
            "三、打造坚强堡垒，促进中心工作落实",
            "四、持续正风肃纪，守牢拒腐防变防线",
        ]
    );
}

#[test]
fn outline_of_seed_000_has_five_sections_with_their_items() {
    let out = run(&[
        "outline",
        "--format",
        "json",
        seed(SEED_000).to_str().unwrap(),
    ]);
    let tree: Vec<Value> = json_findings(&out);
    // The first line is a long sentence, not a title: the sections are roots.
    let sections: Vec<&Value> = tree.iter().collect();
    let names: Vec<&str> = sections
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names[0].starts_with("一、维护核心权威"));
    assert!(names[4].starts_with("五、存在问题及下一步工作思路"));
    for s in &sections {
        let items: Vec<&str> = s["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert!(items.len() >= 3, "{items:?}");
        assert!(
            items[0].starts_with("一是") && items[1].starts_with("二是"),
            "{items:?}"
        );
    }
    let text = stdout(&run(&["outline", seed(SEED_000).to_str().unwrap()]));
    assert!(
        text.contains("一、维护核心权威，持续加强政治建设  （第 2 行，"),
        "{text}"
    );
}

/// Each mistake made in a copy of a seed is reported at its line with the
/// right rule, and undoing it makes the finding go away.
#[test]
fn mistakes_made_in_a_seed_are_found_and_undoing_them_clears_them() {
    let original = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let dir = TempDir::new("mutate");
    let baseline = check_json(&dir, "report.txt", &original);
    let line_of = |text: &str, needle: &str| {
        text[..text.find(needle).unwrap()].matches('\n').count() as u64 + 1
    };
    let cases: [(&str, &str, &str); 6] = [
        ("二是精心组织", "三是精心组织", "misnumbered"),
        ("三、开展主题教育", "四、开展主题教育", "misnumbered"),
        ("“第一议题”", "“第一议题", "unbalanced-quote"),
        (
            "《国土整治修复中心2023年党建工作要点》",
            "《国土整治修复中心2023年党建工作要点",
            "unbalanced-bracket",
        ),
        ("撰写读书心得", "撰写撰写读书心得", "repeated-word"),
        ("撰写读书心得20余篇", "撰写读书心得XX余篇", "placeholder"),
    ];
    for (from, to, rule) in cases {
        assert!(original.contains(from), "{from}");
        let changed = original.replacen(from, to, 1);
        let line = line_of(&changed, to);
        let findings = check_json(&dir, "report.txt", &changed);
        let new: Vec<&Value> = findings
            .iter()
            .filter(|f| !baseline.iter().any(|b| b == *f))
            .collect();
        assert!(
            new.iter()
                .any(|f| f["rule"] == rule && f["line"].as_u64() == Some(line)),
            "{to}: expected {rule} at line {line}, new findings {new:?}"
        );
        let undone = changed.replacen(to, from, 1);
        assert_eq!(check_json(&dir, "report.txt", &undone), baseline, "{to}");
    }
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- rules:start").expect("rules:start marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    assert_eq!(
        &readme[body_start..end],
        report_lsp::cli::rules_markdown(),
        "README.md rule table is stale: regenerate it with `report-lsp rules --format markdown`"
    );
}
