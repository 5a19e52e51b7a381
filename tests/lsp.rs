//! The language server driven over stdio by a real client process, as an
//! editor would: diagnostics, incremental edits, outline, code actions,
//! configuration, position encodings, shutdown.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/report-lsp-tests/report.txt";

fn open_and_diagnose(client: &mut Client, text: &str) -> Vec<Value> {
    client.open(URI, "plaintext", 1, text);
    client.diagnostics_at(URI, 1)
}

#[test]
fn seed_000_diagnostics_match_the_command_line() {
    let text = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let mut client = Client::start();
    client.initialize_default();
    let diags = open_and_diagnose(&mut client, &text);

    let out = run(&[
        "check",
        "--format",
        "json",
        seed(SEED_000).to_str().unwrap(),
    ]);
    let cli: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diags.len(), cli.len());
    // The seed is all in the BMP: UTF-16 columns equal character columns.
    assert_eq!(summary(&diags), cli_summary(&cli));
    for d in &diags {
        assert_eq!(d["source"], "report-lsp");
    }
    let repeated = diags.iter().find(|d| d["code"] == "repeated-word").unwrap();
    assert_eq!(repeated["data"], json!({"replacement": ""}));
    assert_eq!(repeated["severity"], 2);
}

#[test]
fn outline_of_seed_000_is_five_sections_covering_their_text() {
    let text = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let mut client = Client::start();
    client.initialize_default();
    open_and_diagnose(&mut client, &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let symbols = symbols.as_array().unwrap();
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
    let heading_lines = level_one_heading_lines(&text);
    let lines: Vec<&str> = text.lines().collect();
    let line_count = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap() as u64 + 1;
    for (i, s) in symbols.iter().enumerate() {
        let start = s["range"]["start"]["line"].as_u64().unwrap();
        let end = s["range"]["end"]["line"].as_u64().unwrap();
        assert_eq!(start, heading_lines[i]);
        let next = heading_lines.get(i + 1).copied().unwrap_or(line_count);
        assert_eq!(
            end,
            next - 1,
            "section {i} must run to the line before the next"
        );
        assert_eq!(s["selectionRange"]["start"]["line"].as_u64(), Some(start));
        assert!(s["detail"].as_str().unwrap().ends_with(" 字"));
        let items = s["children"].as_array().unwrap();
        assert!(items[0]["name"].as_str().unwrap().starts_with("一是"));
    }
}

#[test]
fn flat_symbols_for_clients_without_hierarchy() {
    let mut client = Client::start();
    client.initialize(json!({}), Value::Null);
    open_and_diagnose(&mut client, "总结\n一、甲\n（一）乙\n");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols.len(), 3);
    assert_eq!(symbols[2]["name"], "（一）乙");
    assert_eq!(symbols[2]["containerName"], "一、甲");
    assert_eq!(symbols[2]["location"]["uri"], URI);
}

#[test]
fn incremental_edits_around_astral_characters_equal_a_fresh_analysis() {
    let mut client = Client::start();
    client.initialize_default();
    let mut text = String::from("标题𠀀\n召开𠀀会议，征集意见😀。\n一是学习。二是落实。\n");
    open_and_diagnose(&mut client, &text);
    // Edits before and after the astral characters, by UTF-16 positions.
    let edits: &[(&str, &str)] = &[
        ("征集", "征集征集"),
        ("𠀀会议", "𠀀XX会议"),
        ("😀。", "😀“。"),
        ("二是落实", "三是落实"),
        ("标题𠀀", "𠀀标题𠀀"),
    ];
    let mut version = 1;
    for (from, to) in edits {
        let at = text.find(from).unwrap();
        let range =
            json!({"start": position_of(&text, at), "end": position_of(&text, at + from.len())});
        version += 1;
        client.change(URI, version, json!([{"range": range, "text": to}]));
        text.replace_range(at..at + from.len(), to);
    }
    let incremental = client.diagnostics_at(URI, version);
    assert_eq!(summary(&incremental).len(), 4, "{incremental:?}");

    let mut fresh = Client::start();
    fresh.initialize_default();
    let scratch = open_and_diagnose(&mut fresh, &text);
    assert_eq!(summary(&incremental), summary(&scratch));
    // The placeholder after 𠀀 on line 1: 召开𠀀 is 4 UTF-16 units.
    assert!(summary(&incremental).contains(&(1, 4, 1, 6, "placeholder".into())));
}

#[test]
fn random_edits_equal_a_fresh_analysis_and_undo_restores_the_original() {
    let original = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let mut client = Client::start();
    client.initialize_default();
    let before = open_and_diagnose(&mut client, &original);

    let mut text = original.clone();
    let mut undo: Vec<(Value, String)> = Vec::new();
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut rand = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let alphabet: Vec<char> = "的XX“”（）《》一二是征集，。 \n𠀀".chars().collect();
    let mut version = 1;
    for _ in 0..200 {
        let chars: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = chars[rand(chars.len())];
        version += 1;
        if rand(2) == 0 && at < text.len() {
            // Delete one character.
            let len = text[at..].chars().next().unwrap().len_utf8();
            let removed = text[at..at + len].to_string();
            let range =
                json!({"start": position_of(&text, at), "end": position_of(&text, at + len)});
            client.change(URI, version, json!([{"range": range, "text": ""}]));
            text.replace_range(at..at + len, "");
            let pos = position_of(&text, at);
            undo.push((json!({"start": pos, "end": pos}), removed));
        } else {
            let c = alphabet[rand(alphabet.len())].to_string();
            let pos = position_of(&text, at);
            client.change(
                URI,
                version,
                json!([{"range": {"start": pos, "end": pos}, "text": c}]),
            );
            text.insert_str(at, &c);
            undo.push((
                json!({"start": pos, "end": position_of(&text, at + c.len())}),
                String::new(),
            ));
        }
        // Now and then, and at the end: what the edited document shows is
        // what a fresh document with the same text shows.
        if version % 40 == 0 || version == 201 {
            let incremental = client.diagnostics_at(URI, version);
            let fresh_uri = format!("file:///fresh-{version}.txt");
            client.open(&fresh_uri, "plaintext", 1, &text);
            assert_eq!(
                incremental,
                client.diagnostics_at(&fresh_uri, 1),
                "after edit {version}"
            );
        }
    }
    while let Some((range, restore)) = undo.pop() {
        version += 1;
        client.change(URI, version, json!([{"range": range, "text": restore}]));
    }
    let after = client.diagnostics_at(URI, version);
    assert_eq!(after, before);
}

#[test]
fn utf8_is_used_when_the_client_offers_only_utf8() {
    let mut client = Client::start();
    let result = client.initialize(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        Value::Null,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let text = "𠀀甲XX局\n";
    let diags = open_and_diagnose(&mut client, text);
    assert_eq!(summary(&diags), [(0, 7, 0, 9, "placeholder".into())]);

    let mut client = Client::start();
    let result = client.initialize(
        json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}}),
        Value::Null,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-32");
    assert_eq!(
        summary(&open_and_diagnose(&mut client, text)),
        [(0, 2, 0, 4, "placeholder".into())]
    );

    let mut client = Client::start();
    let result = client.initialize(json!({}), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        summary(&open_and_diagnose(&mut client, text)),
        [(0, 3, 0, 5, "placeholder".into())]
    );
}

#[test]
fn quick_fix_applied_removes_the_finding() {
    let mut client = Client::start();
    client.initialize_default();
    let text = "广泛征集征集意见建议。\n一是学习。三是落实。四是考核。\n";
    let diags = open_and_diagnose(&mut client, text);
    let repeated = diags
        .iter()
        .find(|d| d["code"] == "repeated-word")
        .unwrap()
        .clone();
    let actions = client.actions_at(URI, &repeated);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "删除“征集”",
            "忽略此处",
            "加入词表（不再提示“征集”）",
            "在本文件中停用规则 repeated-word",
            "修复全部可自动修复的问题（2 处）"
        ],
        "quick fix, the ways to silence it, fix all"
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][URI].as_array().unwrap();
    let fixed = apply_edits(text, edits);
    assert_eq!(
        fixed,
        "广泛征集意见建议。\n一是学习。三是落实。四是考核。\n"
    );
    client.change(URI, 2, json!([{"text": fixed}]));
    let after = client.diagnostics_at(URI, 2);
    assert!(after.iter().all(|d| d["code"] != "repeated-word"));

    // Numbering: the single fix and "renumber the rest".
    let misnumbered = after
        .iter()
        .find(|d| d["code"] == "misnumbered")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": misnumbered["range"],
               "context": {"diagnostics": [misnumbered], "only": ["quickfix"]}}),
    );
    let actions: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["edit"].is_object())
        .collect();
    assert_eq!(actions.len(), 2);
    assert!(actions.iter().all(|a| a["isPreferred"] == false));
    let renumber = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("重新编号"))
        .unwrap();
    let renumbered = apply_edits(&fixed, renumber["edit"]["changes"][URI].as_array().unwrap());
    assert_eq!(
        renumbered,
        "广泛征集意见建议。\n一是学习。二是落实。三是考核。\n"
    );
}

#[test]
fn fix_all_applies_every_safe_fix() {
    let mut client = Client::start();
    client.initialize_default();
    let text = "征集征集意见（说明)，推动推动落实。\n一是甲。三是乙。\n";
    open_and_diagnose(&mut client, text);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["kind"], "source.fixAll.report-lsp");
    let fixed = apply_edits(text, actions[0]["edit"]["changes"][URI].as_array().unwrap());
    assert_eq!(fixed, "征集意见（说明），推动落实。\n一是甲。二是乙。\n");
}

#[test]
fn configuration_changes_republish() {
    let mut client = Client::start();
    client.initialize_default();
    let diags = open_and_diagnose(&mut client, "召开XX会议，征集征集意见。\n");
    assert_eq!(diags.len(), 2);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"reportLsp": {"rules": {"placeholder": "off"}, "server": {"path": "x"}}}}),
    );
    let diags = client.diagnostics_where(URI, Some(1), |d| d.len() == 1);
    assert_eq!(summary(&diags).len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "repeated-word");

    // Pulled configuration, when the notification carries none.
    client.settings = json!({"rules": {"repeated-word": "error", "placeholder": null}});
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let diags = client.diagnostics_where(URI, Some(1), |d| d.len() == 2);
    assert_eq!(diags.len(), 2);
    let repeated = diags.iter().find(|d| d["code"] == "repeated-word").unwrap();
    assert_eq!(repeated["severity"], 1);
}

#[test]
fn initialization_options_configure_the_server() {
    let mut client = Client::start();
    client.initialize(json!({}), json!({"rules": {"placeholder": "off"}}));
    let diags = open_and_diagnose(&mut client, "召开XX会议。\n");
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn workspace_config_file_applies_and_a_broken_one_is_shown() {
    let dir = TempDir::new("lsp-config");
    dir.write("report-lsp.toml", "[rules]\nplaceholder = \"off\"\n");
    let report = dir.write("sub/report.txt", "召开XX会议，征集征集意见。\n");
    let uri = file_uri(&report);
    let mut client = Client::start();
    client.initialize_default();
    client.open(
        &uri,
        "plaintext",
        1,
        &std::fs::read_to_string(&report).unwrap(),
    );
    let diags = client.diagnostics_at(&uri, 1);
    assert_eq!(summary(&diags).len(), 1);
    assert_eq!(diags[0]["code"], "repeated-word");

    let broken = dir.write("other/report-lsp.toml", "[rules]\nplacholder = \"off\"\n");
    let report2 = dir.write("other/report.txt", "召开XX会议。\n");
    let uri2 = file_uri(&report2);
    client.open(&uri2, "plaintext", 1, "召开XX会议。\n");
    let diags = client.diagnostics_at(&uri2, 1);
    assert_eq!(diags.len(), 1, "defaults apply: {diags:?}");
    let toml_uri = file_uri(&broken);
    let shown = client
        .notifications
        .iter()
        .chain(std::iter::once(&Value::Null))
        .any(|n| {
            n["method"] == "window/showMessage"
                && n["params"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("placholder")
        });
    let on_file = client.notifications.iter().any(|n| {
        n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == toml_uri.as_str()
    });
    assert!(shown, "{:?}", client.notifications);
    assert!(on_file, "{:?}", client.notifications);
}

#[test]
fn close_clears_diagnostics_and_unknown_documents_are_harmless() {
    let mut client = Client::start();
    client.initialize_default();
    open_and_diagnose(&mut client, "召开XX会议。\n");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(client.diagnostics(URI, None).is_empty());
    client.change("file:///nowhere.txt", 3, json!([{"text": "x"}]));
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///nowhere.txt"}}),
    );
    assert!(symbols.is_null());
}

#[test]
fn folding_ranges_follow_sections() {
    let mut client = Client::start();
    client.initialize_default();
    open_and_diagnose(&mut client, "总结\n一、甲\n正文\n正文\n二、乙\n正文\n");
    let ranges = client.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    );
    let spans: Vec<(u64, u64)> = ranges
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["startLine"].as_u64().unwrap(),
                r["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(spans, [(0, 5), (1, 3), (4, 5)]);
}

#[test]
fn shutdown_then_exit_ends_the_process_promptly_with_status_zero() {
    for args in [&["serve"][..], &["--stdio"], &["serve", "--stdio"]] {
        let mut client = Client::start_with(args);
        client.initialize_default();
        let status = client.shutdown_and_exit();
        assert_eq!(status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn an_open_config_file_is_checked_as_it_is_typed() {
    let mut client = Client::start();
    client.initialize_default();
    let uri = "file:///tmp/report-lsp-tests/report-lsp.toml";
    client.open(uri, "toml", 1, "[rules]\nplaceholder = \"off\"\n");
    assert!(client.diagnostics(uri, None).is_empty());
    // An incremental edit: `placeholder` → `placeholderx` on line 2.
    let at = json!({"line": 1, "character": 11});
    client.change(
        uri,
        2,
        json!([{"range": {"start": at, "end": at}, "text": "x"}]),
    );
    let diags = client.diagnostics(uri, None);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("placeholderx"));
    let end = json!({"line": 1, "character": 12});
    client.change(
        uri,
        3,
        json!([{"range": {"start": at, "end": end}, "text": ""}]),
    );
    assert!(client.diagnostics(uri, None).is_empty());
}
