//! The lexicon through the language server (`report-lsp serve` over
//! stdio): a user's pack named in `report-lsp.toml`, the roster, a broken
//! pack shown without stopping the checking, and the built-in entries with
//! their source in the message.

mod common;

use common::lsp::*;
use common::*;
use serde_json::{json, Value};

fn open_in(client: &mut Client, dir: &TempDir, name: &str, text: &str) -> Vec<Value> {
    let path = dir.write(name, text);
    let uri = file_uri(&path);
    client.open(&uri, "plaintext", 1, text);
    client.diagnostics_at(&uri, 1)
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// The fix a diagnostic carries, as the code action would apply it.
fn replacement(client: &mut Client, uri: &str, diag: &Value) -> Option<String> {
    client.actions_at(uri, diag).iter().find_map(|a| {
        let edits = a["edit"]["changes"][uri].as_array()?;
        edits.first()?["newText"].as_str().map(str::to_string)
    })
}

#[test]
fn a_pack_in_the_configuration_gives_a_typo_with_its_fix() {
    let dir = TempDir::new("lsp-pack");
    dir.write(
        "本单位词表.toml",
        "[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nrule = \"typo\"\nsource = \"本单位机构名称\"\n",
    );
    dir.write(
        "report-lsp.toml",
        "[lexicon]\npacks = [\"本单位词表.toml\"]\n",
    );
    let mut client = Client::start();
    client.initialize_default();
    let text = "县综治中新召开例会。\n";
    let diags = open_in(&mut client, &dir, "meeting.txt", text);
    assert_eq!(codes(&diags), ["typo"], "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["range"]["start"], json!({"line": 0, "character": 1}));
    assert_eq!(d["range"]["end"], json!({"line": 0, "character": 5}));
    assert!(
        d["message"].as_str().unwrap().contains("本单位机构名称"),
        "{d}"
    );
    let uri = file_uri(&dir.path().join("meeting.txt"));
    assert_eq!(
        replacement(&mut client, &uri, d).as_deref(),
        Some("综治中心")
    );
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn the_roster_works_both_ways_in_the_server() {
    let dir = TempDir::new("lsp-roster");
    dir.write(
        "report-lsp.toml",
        "[[roster]]\nname = \"王建军\"\npost = \"党委书记\"\n\n[[roster]]\nname = \"李明\"\npost = \"局长\"\n",
    );
    let mut client = Client::start();
    client.initialize_default();
    let diags = open_in(
        &mut client,
        &dir,
        "a.txt",
        "党委书记王建君主持会议，局长王建军讲话。\n",
    );
    assert_eq!(codes(&diags), ["typo", "word-choice"], "{diags:?}");
    let diags = open_in(
        &mut client,
        &dir,
        "b.txt",
        "党委书记王建军主持会议，局长李明讲话，张伟发言。\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
}

#[test]
fn a_broken_pack_is_shown_and_the_report_is_still_checked() {
    let dir = TempDir::new("lsp-badpack");
    dir.write(
        "词表.toml",
        "[[entry]]\nwrong = \"综治中新\"\nright = \"综治中心\"\nrule = \"typo\"\n\n[[entry]]\nwrong = \"甲乙\"\nright = \"甲丙\"\nrule = \"spelling\"\n",
    );
    dir.write("report-lsp.toml", "[lexicon]\npacks = [\"词表.toml\"]\n");
    let mut client = Client::start();
    client.initialize_default();
    let diags = open_in(
        &mut client,
        &dir,
        "meeting.txt",
        "县综治中新召开例会，认真布署工作。\n",
    );
    assert_eq!(codes(&diags), ["typo", "typo"], "{diags:?}");
    let shown = client.notifications.iter().any(|n| {
        n["method"] == "window/showMessage"
            && n["params"]["message"].as_str().is_some_and(|m| {
                m.contains("词表.toml") && m.contains("第 6 行") && m.contains("spelling")
            })
    });
    assert!(shown, "{:?}", client.notifications);
    // And on the pack itself, at the entry's line.
    let pack_uri = file_uri(&dir.path().join("词表.toml"));
    let on_pack = client.notifications.iter().find(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"]
                .as_str()
                .is_some_and(|u| u == pack_uri || u.ends_with("/%E8%AF%8D%E8%A1%A8.toml"))
    });
    let on_pack = on_pack.expect("diagnostics on the pack");
    assert_eq!(
        on_pack["params"]["diagnostics"][0]["range"]["start"]["line"],
        5
    );
}

#[test]
fn built_in_entries_name_their_source() {
    let mut client = Client::start();
    client.initialize_default();
    let uri = "file:///tmp/report-lsp-tests/lexicon.txt";
    client.open(
        uri,
        "plaintext",
        1,
        "认真布署全年工作，截止目前已完成九成，及时反应群众诉求。\n",
    );
    let diags = client.diagnostics_at(uri, 1);
    assert_eq!(codes(&diags), ["typo", "typo", "word-choice"], "{diags:?}");
    for d in &diags {
        assert!(d["message"].as_str().unwrap().contains("依据："), "{d}");
    }
    assert_eq!(diags[2]["severity"], 3);
    assert_eq!(
        replacement(&mut client, uri, &diags[0]).as_deref(),
        Some("部署")
    );
}
