//! The language server's surface beyond push diagnostics, driven over stdio
//! by a real client process as an editor drives it: hover and the links to
//! the rules document, silencing a finding from the editor (the server's
//! `workspace/applyEdit`, written to disk, then the file-watch
//! notification), pulled and workspace diagnostics, inlay hints, workspace
//! symbols, and the limit on what one document shows.

mod common;

use std::collections::BTreeSet;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};

/// What VS Code and Neovim ≥ 0.10 say they can do, as far as it matters
/// here; `pull` adds pulled diagnostics.
fn capabilities(pull: bool) -> Value {
    let mut caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "publishDiagnostics": {"codeDescriptionSupport": true},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "inlayHint": {}
        },
        "workspace": {
            "applyEdit": true,
            "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]},
            "configuration": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceFolders": true,
            "diagnostics": {"refreshSupport": true},
            "inlayHint": {"refreshSupport": true}
        },
        "window": {"workDoneProgress": true}
    });
    if pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    caps
}

fn start_in(root: &std::path::Path, pull: bool) -> Client {
    let mut client = Client::start();
    let uri = file_uri(root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri, "capabilities": capabilities(pull),
               "workspaceFolders": [{"uri": uri, "name": "reports"}]}),
    );
    client.notify("initialized", json!({}));
    client
}

/// Runs a command the way an editor does (the server may ask for edits
/// meanwhile), then returns the diagnostics of `uri` published after it
/// started, whether they came before the command's answer or after.
fn execute_then_diagnostics(client: &mut Client, action: &Value, uri: &str) -> Vec<Value> {
    client.notifications.clear();
    let command = &action["command"];
    client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let early =
        client.notifications.iter().rev().find(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
    match early {
        Some(m) => m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        None => client.diagnostics(uri, None),
    }
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

const REPORT: &str = "关于开展调研工作的总结\n一、总体情况\n广泛征集征集意见，召开XX会议。\n二、下步打算\n一是学习。三是落实。\n";

#[test]
fn hover_explains_a_finding_and_every_diagnostic_links_its_rule() {
    let dir = TempDir::new("hover");
    let path = dir.write("report.txt", REPORT);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, REPORT);
    let diags = client.diagnostics_at(&uri, 1);
    assert_eq!(
        codes(&diags),
        ["repeated-word", "placeholder", "misnumbered"]
    );
    for d in &diags {
        let href = d["codeDescription"]["href"].as_str().unwrap();
        let code = d["code"].as_str().unwrap();
        assert_eq!(
            href,
            format!("https://github.com/report-lsp/report-lsp/blob/main/docs/rules.md#{code}")
        );
    }
    let repeated = &diags[0];
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": repeated["range"]["start"]}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert_eq!(hover["range"], repeated["range"]);
    for needle in [
        "`repeated-word`",
        "词语重复",
        "“征集”重复",
        "依据",
        "[[ignore]]",
        "rule = \"repeated-word\"",
        "text = \"征集\"",
        "file = \"report.txt\"",
        "[repeated-word]",
        "rules.md#repeated-word",
    ] {
        assert!(text.contains(needle), "hover lacks {needle}: {text}");
    }
    // Nothing to explain where nothing was found.
    let nothing = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(nothing.is_null(), "{nothing}");

    // The base URL is a setting.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"reportLsp": {"docs": {"baseUrl": "https://intra.example/rules.md"}}}}),
    );
    let diags = client.diagnostics_at(&uri, 1);
    assert_eq!(
        diags[0]["codeDescription"]["href"],
        "https://intra.example/rules.md#repeated-word"
    );
}

#[test]
fn ignore_here_writes_the_configuration_and_only_that_finding_goes() {
    let dir = TempDir::new("ignore-here");
    let config = "# 本单位的设置\n[rules]\nstray-space = \"off\"  # 排版另行处理\n";
    dir.write("report-lsp.toml", config);
    let path = dir.write("2024/report.txt", REPORT);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, REPORT);
    let diags = client.diagnostics_at(&uri, 1);
    let repeated = diags.iter().find(|d| d["code"] == "repeated-word").unwrap();
    let actions = client.actions_at(&uri, repeated);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"忽略此处"), "{titles:?}");
    assert!(
        titles.contains(&"在本文件中停用规则 repeated-word"),
        "{titles:?}"
    );
    let ignore = titled(&actions, "忽略此处");
    // What an editor does with a command action: execute it on the server,
    // which asks for the edit, which the editor applies and saves. The
    // finding is gone at once, before the editor says the file changed.
    let after = execute_then_diagnostics(&mut client, ignore, &uri);
    assert_eq!(codes(&after), ["placeholder", "misnumbered"]);
    assert!(
        client
            .server_requests
            .iter()
            .any(|m| m == "workspace/applyEdit"),
        "{:?}",
        client.server_requests
    );
    let written = std::fs::read_to_string(dir.path().join("report-lsp.toml")).unwrap();
    assert!(
        written.starts_with(config),
        "comments and layout kept: {written}"
    );
    assert!(
        written.ends_with(
            "[[ignore]]\nrule = \"repeated-word\"\ntext = \"征集\"\nfile = \"2024/report.txt\"\n"
        ),
        "{written}"
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&dir.path().join("report-lsp.toml")), "type": 2}]}),
    );
    let after = client.diagnostics_at(&uri, 1);
    assert_eq!(codes(&after), ["placeholder", "misnumbered"]);
    // The command line reads the same entry.
    let out = check_json_file(&path);
    let cli: Vec<String> = json_findings(&out)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(cli, ["placeholder", "misnumbered"]);

    // 在本文件中停用规则: the rule is off for this report only.
    let misnumbered = after.iter().find(|d| d["code"] == "misnumbered").unwrap();
    let actions = client.actions_at(&uri, misnumbered);
    let disable = titled(&actions, "在本文件中停用规则 misnumbered");
    assert_eq!(
        codes(&execute_then_diagnostics(&mut client, disable, &uri)),
        ["placeholder"]
    );
    let written = std::fs::read_to_string(dir.path().join("report-lsp.toml")).unwrap();
    assert!(
        written.ends_with("[[ignore]]\nrule = \"misnumbered\"\nfile = \"2024/report.txt\"\n"),
        "{written}"
    );
}

#[test]
fn a_configuration_is_created_at_the_workspace_root_when_there_is_none() {
    let dir = TempDir::new("ignore-new");
    let path = dir.write("sub/report.txt", REPORT);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, REPORT);
    let diags = client.diagnostics_at(&uri, 1);
    let placeholder = diags.iter().find(|d| d["code"] == "placeholder").unwrap();
    let actions = client.actions_at(&uri, placeholder);
    let after = execute_then_diagnostics(&mut client, titled(&actions, "忽略此处"), &uri);
    assert_eq!(codes(&after), ["repeated-word", "misnumbered"]);
    let edit = client.applied_edits.last().unwrap();
    assert_eq!(edit["documentChanges"][0]["kind"], "create");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report-lsp.toml")).unwrap(),
        "[[ignore]]\nrule = \"placeholder\"\ntext = \"XX\"\nfile = \"sub/report.txt\"\n"
    );
}

#[test]
fn markdown_comments_silence_a_block() {
    let dir = TempDir::new("md-disable");
    let text = "# 总结\n\n<!-- report-lsp-disable repeated-word -->\n\n广泛征集征集意见。\n\n<!-- report-lsp-enable repeated-word -->\n\n认真研究研究对策。\n";
    let path = dir.write("report.md", text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "markdown", 1, text);
    let diags = client.diagnostics_at(&uri, 1);
    assert_eq!(codes(&diags), ["repeated-word"], "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 8);
}

fn pull(client: &mut Client, uri: &str, previous: Option<&str>) -> Value {
    client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": previous}),
    )
}

#[test]
fn pulled_diagnostics_equal_the_command_line_and_unchanged_says_so() {
    let text = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let dir = TempDir::new("pull");
    let path = dir.write("seed.txt", &text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), true);
    client.open(&uri, "plaintext", 1, &text);
    let first = pull(&mut client, &uri, None);
    assert_eq!(first["kind"], "full");
    let items = first["items"].as_array().unwrap();
    let cli = json_findings(&check_json_file(&path));
    assert_eq!(summary(items), cli_summary(&cli));
    let id = first["resultId"].as_str().unwrap().to_string();
    let second = pull(&mut client, &uri, Some(&id));
    assert_eq!(second, json!({"kind": "unchanged", "resultId": id}));

    // An edit: a new result.
    client.change(
        &uri,
        2,
        json!([{"text": format!("{text}又征集征集了意见。\n")}]),
    );
    let third = pull(&mut client, &uri, Some(&id));
    assert_eq!(third["kind"], "full");
    assert_eq!(third["items"].as_array().unwrap().len(), items.len() + 1);

    // A client that pulls gets no pushes.
    let pushed = client.try_wait_for(std::time::Duration::from_millis(500), &mut |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    });
    assert!(pushed.is_none(), "pushed to a pulling client: {pushed:?}");
    assert!(client
        .notifications
        .iter()
        .all(|m| m["method"] != "textDocument/publishDiagnostics"));
}

#[test]
fn the_workspace_pull_covers_reports_never_opened() {
    let dir = TempDir::new("workspace");
    let open_text = "广泛征集征集意见。\n";
    let open = dir.write("open.txt", open_text);
    let closed = dir.write("2023/summary.txt", REPORT);
    let markdown = dir.write("notes/plan.md", "# 计划\n\n召开XX会议。\n");
    dir.write(".hidden/skip.txt", "召开XX会议。\n");
    dir.write("old/draft.txt", "召开XX会议。\n");
    dir.write("report-lsp.toml", "[files]\nexclude = [\"old\"]\n");
    let mut client = start_in(dir.path(), true);
    client.open(&file_uri(&open), "plaintext", 1, open_text);
    let report = client.request(
        "workspace/diagnostic",
        json!({"previousResultIds": [], "workDoneToken": "wd-1"}),
    );
    let items = report["items"].as_array().unwrap();
    let by_uri = |path: &std::path::Path| {
        items
            .iter()
            .find(|i| i["uri"] == file_uri(path).as_str())
            .unwrap_or_else(|| panic!("{} missing: {items:?}", path.display()))
    };
    let uris: BTreeSet<&str> = items.iter().map(|i| i["uri"].as_str().unwrap()).collect();
    assert_eq!(uris.len(), 3, "{uris:?}");
    // The closed report: what the command line says of it.
    let summary_item = by_uri(&closed);
    assert_eq!(summary_item["kind"], "full");
    assert!(summary_item["version"].is_null());
    assert_eq!(
        summary(summary_item["items"].as_array().unwrap()),
        cli_summary(&json_findings(&check_json_file(&closed)))
    );
    assert_eq!(
        codes(by_uri(&markdown)["items"].as_array().unwrap()),
        ["placeholder"]
    );
    assert_eq!(by_uri(&open)["version"], 1);
    // Progress while it ran, on the client's token.
    let progress: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["token"] == "wd-1")
        .collect();
    assert_eq!(
        progress.first().unwrap()["params"]["value"]["kind"],
        "begin"
    );
    assert_eq!(progress.last().unwrap()["params"]["value"]["kind"], "end");
    assert!(
        progress
            .iter()
            .any(|m| m["params"]["value"]["message"] == "检查报告 2/3"),
        "{progress:?}"
    );

    // Asked again with the ids it got: unchanged; a file edited on disk: new.
    let previous: Vec<Value> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let again = client.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    let again = again["items"].as_array().unwrap();
    assert!(again.iter().all(|i| i["kind"] == "unchanged"), "{again:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    dir.write("2023/summary.txt", "召开XX会议。\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&closed), "type": 2}]}),
    );
    let third = client.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    let changed = third["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == file_uri(&closed).as_str())
        .unwrap();
    assert_eq!(changed["kind"], "full");
    assert_eq!(codes(changed["items"].as_array().unwrap()), ["placeholder"]);
    assert!(client
        .server_requests
        .iter()
        .any(|m| m == "workspace/diagnostic/refresh"));
}

#[test]
fn a_streaming_workspace_pull_is_held_until_something_changes() {
    let dir = TempDir::new("long-poll");
    let closed = dir.write("a.txt", "召开XX会议。\n");
    let mut client = start_in(dir.path(), true);
    let first = client.request(
        "workspace/diagnostic",
        json!({"previousResultIds": [], "partialResultToken": "p-1"}),
    );
    // Streamed: everything came as partial results, the answer is empty.
    assert_eq!(first["items"], json!([]));
    let partial = streamed(&client, "p-1");
    assert_eq!(partial.len(), 1);
    let previous = json!([{"uri": partial[0]["uri"], "value": partial[0]["resultId"]}]);
    let id = client.fresh_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": id, "method": "workspace/diagnostic",
        "params": {"previousResultIds": previous, "partialResultToken": "p-2"}}),
    );
    let early = client.try_wait_for(std::time::Duration::from_millis(700), &mut |m| {
        m["id"] == id && m.get("method").is_none()
    });
    assert!(
        early.is_none(),
        "answered although nothing changed: {early:?}"
    );
    dir.write("a.txt", "召开XX会议，研究XX工作。\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&closed), "type": 2}]}),
    );
    let answer = client.response_to(&json!(id));
    assert_eq!(answer["result"]["items"], json!([]));
    let news = streamed(&client, "p-2");
    assert_eq!(news[0]["items"].as_array().unwrap().len(), 2);
    // A held pull does not keep the server from exiting.
    let id = client.fresh_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": id, "method": "workspace/diagnostic",
        "params": {"previousResultIds": [{"uri": news[0]["uri"], "value": news[0]["resultId"]}],
                   "partialResultToken": "p-3"}}),
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn inlay_hints_show_section_lengths_at_every_heading() {
    let text = std::fs::read_to_string(seed(SEED_000)).unwrap();
    let dir = TempDir::new("inlay");
    let path = dir.write("seed.txt", &text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, &text);
    client.diagnostics_at(&uri, 1);
    let lines = text.lines().count() as u64;
    let hints = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}}),
    );
    let hints = hints.as_array().unwrap();
    let heading_lines = level_one_heading_lines(&text);
    let hint_lines: Vec<u64> = hints
        .iter()
        .map(|h| h["position"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(hint_lines, heading_lines);
    let mut shares = 0;
    for h in hints {
        let label = h["label"].as_str().unwrap();
        assert!(label.contains(" 字"), "{label}");
        assert!(
            label.contains('%'),
            "level 1 sections carry their share: {label}"
        );
        shares += label
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('%')
            .parse::<u32>()
            .unwrap();
    }
    assert!(
        (95..=105).contains(&shares),
        "shares add up to about all: {shares}"
    );

    // A setting turns them off.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"reportLsp": {"inlayHints": {"sectionLength": false}}}}),
    );
    client.diagnostics_at(&uri, 1);
    let none = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}}),
    );
    assert_eq!(none, json!([]));
}

#[test]
fn workspace_symbols_find_headings_of_closed_reports() {
    let dir = TempDir::new("symbols");
    let closed = dir.write(
        "2023/summary.txt",
        "2023年工作总结\n一、工作成效\n正文。\n二、存在的问题\n正文。\n",
    );
    let open_text = "2024年工作总结\n一、主要做法\n正文。\n";
    let open = dir.write("2024.txt", open_text);
    let mut client = start_in(dir.path(), false);
    client.open(&file_uri(&open), "plaintext", 1, open_text);
    let found = client.request("workspace/symbol", json!({"query": "存在问题"}));
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["name"], "二、存在的问题");
    assert_eq!(found[0]["location"]["uri"], file_uri(&closed).as_str());
    assert_eq!(
        found[0]["location"]["range"]["start"],
        json!({"line": 3, "character": 0})
    );
    assert_eq!(found[0]["containerName"], "summary.txt");
    let all = client.request("workspace/symbol", json!({"query": "做法"}));
    assert_eq!(all[0]["name"], "一、主要做法");
}

#[test]
fn over_length_fires_only_past_a_target() {
    let dir = TempDir::new("length");
    dir.write("report-lsp.toml", "[length]\nmax_section = { 1 = 20 }\n");
    let text = "总结\n一、短的一节\n正文十个字正文十个字。\n二、长的一节\n正文十个字正文十个字正文十个字正文十个字。\n";
    let path = dir.write("report.txt", text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, text);
    let diags = client.diagnostics_at(&uri, 1);
    let over: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "over-length")
        .collect();
    assert_eq!(over.len(), 1, "{diags:?}");
    assert_eq!(over[0]["range"]["start"]["line"], 3);
    let message = over[0]["message"].as_str().unwrap();
    assert!(message.contains("20"), "{message}");
}

#[test]
fn a_document_shows_at_most_the_limit_and_says_how_many_more() {
    let dir = TempDir::new("cap");
    let text = "征集征集意见，".repeat(1500) + "\n";
    let path = dir.write("dense.txt", &text);
    let uri = file_uri(&path);
    let mut client = start_in(dir.path(), false);
    client.open(&uri, "plaintext", 1, &text);
    let diags = client.diagnostics_at(&uri, 1);
    assert_eq!(diags.len(), 1001);
    let note = diags.last().unwrap();
    assert_eq!(note["code"], "too-many-findings");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("另有 500 个问题未显示"),
        "{note}"
    );
    assert!(note["codeDescription"]["href"].is_string());
    // Code actions cover only what is shown: the whole line asks for the
    // first thousand, and fix-all still fixes everything.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let quick = actions
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("删除"))
        .count();
    assert_eq!(quick, 1000);
    // Fix-all's 1,500 edits are not in the answer: this client can apply
    // edits, so the server sends them when the action is chosen.
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll.report-lsp")
        .unwrap();
    assert_eq!(fix_all["title"], "修复全部可自动修复的问题（1500 处）");
    assert!(fix_all["edit"].is_null());
    client.request(
        "workspace/executeCommand",
        json!({"command": fix_all["command"]["command"], "arguments": fix_all["command"]["arguments"]}),
    );
    let sent = client.applied_edits.last().unwrap();
    assert_eq!(sent["documentChanges"][0]["textDocument"]["version"], 1);
    assert_eq!(
        sent["documentChanges"][0]["edits"]
            .as_array()
            .unwrap()
            .len(),
        1500
    );
    // The setting.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"reportLsp": {"maxDiagnostics": 10}}}),
    );
    assert_eq!(client.diagnostics_at(&uri, 1).len(), 11);
}

#[test]
fn fix_all_is_resolved_when_chosen_by_clients_that_resolve() {
    let text = "征集征集意见，".repeat(30) + "\n";
    let mut client = Client::start();
    let mut caps = capabilities(false);
    caps["textDocument"]["codeAction"] =
        json!({"resolveSupport": {"properties": ["edit"]}, "dataSupport": true});
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    client.notify("initialized", json!({}));
    let uri = "file:///tmp/report-lsp-resolve/dense.txt";
    client.open(uri, "plaintext", 1, &text);
    client.diagnostics_at(uri, 1);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let fix_all = &actions[0];
    assert!(fix_all["edit"].is_null());
    let resolved = client.request("codeAction/resolve", fix_all.clone());
    let edits = resolved["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits.len(), 30);
    assert_eq!(apply_edits(&text, edits), "征集意见，".repeat(30) + "\n");
    // Offered for a version that is gone: nothing to apply.
    client.change(uri, 2, json!([{"text": "征集征集。\n"}]));
    client.diagnostics_at(uri, 2);
    let stale = client.request("codeAction/resolve", fix_all.clone());
    assert!(stale["edit"].is_null(), "{stale}");
}

#[test]
fn a_held_pull_holds_up_nothing_and_answers_when_cancelled() {
    let dir = TempDir::new("cancel");
    dir.write("a.txt", "召开XX会议。\n");
    let mut client = start_in(dir.path(), true);
    let first = client.request(
        "workspace/diagnostic",
        json!({"previousResultIds": [], "partialResultToken": "c-1"}),
    );
    assert_eq!(first["items"], json!([]));
    let first_items = streamed(&client, "c-1");
    let previous: Vec<Value> = first_items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let held = client.fresh_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": held, "method": "workspace/diagnostic",
        "params": {"previousResultIds": previous, "partialResultToken": "c-2"}}),
    );
    // Other requests go on meanwhile.
    let text = "总结\n一、情况\n";
    let uri = file_uri(&dir.path().join("b.txt"));
    client.open(&uri, "plaintext", 1, text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols[0]["name"], "总结");
    // Opening a report wakes the held pull: it answers, with the new one.
    let answer = client.response_to(&json!(held));
    assert_eq!(answer["result"]["items"], json!([]), "{answer}");
    // Held again, then cancelled: RequestCancelled.
    let again = client.fresh_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": again, "method": "workspace/diagnostic",
        "params": {"previousResultIds": [], "partialResultToken": "c-3"}}),
    );
    let again_items = {
        client.response_to(&json!(again));
        streamed(&client, "c-3")
    };
    let previous: Vec<Value> = again_items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let cancelled = client.fresh_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": cancelled, "method": "workspace/diagnostic",
        "params": {"previousResultIds": previous, "partialResultToken": "c-4"}}),
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    client.notify("$/cancelRequest", json!({"id": cancelled}));
    let answer = client.response_to(&json!(cancelled));
    assert_eq!(answer["error"]["code"], -32800, "{answer}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_client_that_pulls_but_cannot_be_told_to_pull_again_gets_pushes() {
    // Neovim 0.10/0.11 pull but declare no refresh: after a configuration
    // change nothing would make them ask again.
    let mut caps = capabilities(true);
    caps["workspace"]["diagnostics"] = json!({});
    let mut client = Client::start();
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    assert!(
        init["capabilities"]["diagnosticProvider"].is_null(),
        "{init}"
    );
    client.notify("initialized", json!({}));
    let uri = "file:///tmp/report-lsp-no-refresh/report.txt";
    client.open(uri, "plaintext", 1, "召开XX会议。\n");
    assert_eq!(codes(&client.diagnostics_at(uri, 1)), ["placeholder"]);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"reportLsp": {"rules": {"placeholder": "off"}}}}),
    );
    assert_eq!(client.diagnostics_at(uri, 1), Vec::<Value>::new());
}
