//! The command line honours what a writer configured: `[[ignore]]`
//! entries (and `--show-ignored`), allow lists, term packs, the roster,
//! `[files] exclude` and `[length]` targets — the same `report-lsp.toml`
//! the editor's code actions write.

mod common;

use common::*;
use serde_json::Value;

fn rules(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ignore_entries_hide_a_finding_by_rule_text_and_file() {
    let dir = TempDir::new("ignore");
    let report = "召开XX会议，广泛征集征集意见。\n";
    dir.write("总结.txt", report);
    dir.write("其他.txt", report);
    dir.write(
        "report-lsp.toml",
        "# 本单位设置\n[[ignore]]\nrule = \"repeated-word\"\ntext = \"征集\"\nfile = \"总结.txt\"\n",
    );
    assert_eq!(
        rules(&check_json(&dir, "总结.txt", report)),
        ["placeholder"]
    );
    assert_eq!(
        rules(&check_json(&dir, "其他.txt", report)),
        ["placeholder", "repeated-word"]
    );

    let out = run(&["check", dir.path().join("总结.txt").to_str().unwrap()]);
    assert!(
        stderr(&out).contains("另有 1 个按 [[ignore]] 忽略"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "check",
        "--show-ignored",
        dir.path().join("总结.txt").to_str().unwrap(),
    ]);
    assert!(
        stdout(&out).contains("ignored[repeated-word]"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "check",
        "--show-ignored",
        "--format",
        "json",
        dir.path().join("总结.txt").to_str().unwrap(),
    ]);
    let all = json_findings(&out);
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["ignored"], true);
    assert!(all[0].get("ignored").is_none());
}

#[test]
fn an_ignore_entry_without_text_turns_a_rule_off_for_one_file() {
    let dir = TempDir::new("ignore-rule");
    let report = "召开XX会议。\n";
    dir.write("a.txt", report);
    dir.write("b.txt", report);
    dir.write(
        "report-lsp.toml",
        "[[ignore]]\nrule = \"placeholder\"\nfile = \"a.txt\"\n",
    );
    assert!(check_json(&dir, "a.txt", report).is_empty());
    assert_eq!(rules(&check_json(&dir, "b.txt", report)), ["placeholder"]);
}

#[test]
fn a_pack_named_in_the_configuration_adds_its_entry() {
    let dir = TempDir::new("pack");
    dir.write(
        "本单位词表.toml",
        "[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nrule = \"typo\"\nsource = \"本单位机构名称\"\n",
    );
    dir.write(
        "report-lsp.toml",
        "[lexicon]\npacks = [\"本单位词表.toml\"]\n",
    );
    let found = check_json(&dir, "例会.txt", "县综治中新召开例会。\n");
    assert_eq!(rules(&found), ["typo"]);
    assert_eq!(found[0]["fix"]["replacement"], "综治中心");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("本单位机构名称"));
}

#[test]
fn a_broken_pack_is_an_error_naming_file_and_line_and_the_rest_is_checked() {
    let dir = TempDir::new("badpack");
    dir.write(
        "词表.toml",
        "[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nrule = \"typo\"\n\n[[entry]]\nwrong = \"甲乙\"\nright = \"甲丙\"\nrule = \"spelling\"\n",
    );
    dir.write("report-lsp.toml", "[lexicon]\npacks = [\"词表.toml\"]\n");
    let path = dir.write("例会.txt", "县综治中新召开例会，召开XX会议。\n");
    let out = run(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("词表.toml:6") && err.contains("spelling"),
        "{err}"
    );
    assert_eq!(rules(&json_findings(&out)), ["typo", "placeholder"]);
}

#[test]
fn lexicon_test_runs_a_packs_examples() {
    let dir = TempDir::new("lexicon-test");
    let good = dir.write(
        "good.toml",
        "rule = \"typo\"\nsource = \"本单位\"\n[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nexamples = { flag = [\"县综治中新召开例会\"], pass = [\"县综治中心召开例会\"] }\n",
    );
    let out = run(&["lexicon", "test", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let bad = dir.write(
        "bad.toml",
        "rule = \"typo\"\nsource = \"本单位\"\n[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nexamples = { flag = [\"县综治中心召开例会\"] }\n",
    );
    let out = run(&["lexicon", "test", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("bad.toml:3"), "{}", stdout(&out));
}

#[test]
fn the_roster_flags_a_near_name_and_a_misplaced_post() {
    let dir = TempDir::new("roster");
    dir.write(
        "report-lsp.toml",
        "[[roster]]\nname = \"王建军\"\npost = \"党委书记\"\n\n[[roster]]\nname = \"李明\"\npost = \"局长\"\n",
    );
    let found = check_json(&dir, "a.txt", "党委书记王建君主持会议，局长王建军讲话。\n");
    assert_eq!(rules(&found), ["typo", "word-choice"]);
    assert_eq!(found[0]["fix"]["replacement"], "王建军");
    let fine = check_json(
        &dir,
        "b.txt",
        "党委书记王建军主持会议，局长李明讲话，张伟发言。\n",
    );
    assert!(fine.is_empty(), "{fine:?}");
}

#[test]
fn excluded_files_are_left_out_of_a_folder_check() {
    let dir = TempDir::new("exclude");
    dir.write("a.txt", "召开XX会议。\n");
    dir.write("草稿/b.txt", "召开XX会议。\n");
    dir.write("c-old.md", "召开XX会议。\n");
    dir.write(
        "report-lsp.toml",
        "[files]\nexclude = [\"草稿\", \"*-old.md\"]\n",
    );
    let out = run(&["check", dir.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("a.txt"), "{text}");
    // A file named on the command line is checked all the same.
    let out = run(&["check", dir.path().join("草稿/b.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn length_targets() {
    let dir = TempDir::new("length");
    let report = "年度工作总结\n一、主要工作\n全年召开会议十二次，开展专题学习二十次。\n二、存在问题\n学习不够深入。\n";
    assert!(check_json(&dir, "a.txt", report).is_empty());
    dir.write("report-lsp.toml", "[length]\nmax_section = { 1 = 20 }\n");
    let found = check_json(&dir, "a.txt", report);
    assert_eq!(rules(&found), ["over-length"]);
    assert_eq!(found[0]["line"], 2);
    assert_eq!(found[0]["severity"], "info");
}
