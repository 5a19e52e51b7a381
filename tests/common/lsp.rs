//! A small LSP client that drives the real `report-lsp serve` over stdio.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    pub child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for something else.
    pub notifications: Vec<Value>,
    /// What to answer `workspace/configuration` with.
    pub settings: Value,
    /// The server's stderr, when started with [`Client::start_logged`].
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    /// The edits the server asked for with `workspace/applyEdit`, which
    /// were applied to the files on disk as an editor that saves them does.
    pub applied_edits: Vec<Value>,
    /// The methods of the requests the server sent, in order.
    pub server_requests: Vec<String>,
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    pub fn start() -> Client {
        Self::start_with(&["serve"])
    }

    pub fn start_with(args: &[&str]) -> Client {
        let mut cmd = Self::command(args);
        cmd.stderr(if std::env::var_os("REPORT_LSP_TEST_STDERR").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        Self::spawn(cmd)
    }

    /// `serve` with extra environment variables and its stderr kept in
    /// [`Client::log`].
    pub fn start_logged(env: &[(&str, &str)]) -> Client {
        let mut cmd = Self::command(&["serve"]);
        cmd.stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        Self::spawn(cmd)
    }

    fn command(args: &[&str]) -> Command {
        let mut cmd = Command::new(super::bin());
        cmd.args(args)
            .env(
                "REPORT_LSP_LOG",
                std::env::var("REPORT_LSP_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        cmd
    }

    /// Starts the server; reads its messages, and its stderr into `log`
    /// when that is piped, on threads of their own.
    fn spawn(mut cmd: Command) -> Client {
        let mut child = cmd.spawn().expect("start report-lsp serve");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let log: std::sync::Arc<std::sync::Mutex<String>> = Default::default();
        if let Some(stderr) = child.stderr.take() {
            let sink = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    let mut log = sink.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            notifications: Vec::new(),
            settings: Value::Null,
            log,
            applied_edits: Vec::new(),
            server_requests: Vec::new(),
        }
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits until the server's stderr contains `needle`.
    pub fn wait_log(&self, needle: &str) -> bool {
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if self.log.lock().unwrap().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Sends a request with the given id (any JSON) and returns whatever
    /// response carries that id.
    pub fn request_with_id(&mut self, id: Value, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response_to(&id)
    }

    /// The next response with this id.
    pub fn response_to(&mut self, id: &Value) -> Value {
        let id = id.clone();
        self.wait_for(|m| m.get("id") == Some(&id) && m.get("method").is_none())
    }

    /// A fresh request id for hand-built messages.
    pub fn fresh_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let _ = self.stdin.write_all(bytes);
        let _ = self.stdin.flush();
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Waits for a message matching `pred`, answering the server's own
    /// requests and keeping notifications on the way.
    pub fn wait_for(&mut self, mut pred: impl FnMut(&Value) -> bool) -> Value {
        self.try_wait_for(TIMEOUT, &mut pred)
            .expect("timed out waiting for the server")
    }

    pub fn try_wait_for(
        &mut self,
        timeout: Duration,
        pred: &mut impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.incoming.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => return None,
            };
            if msg.get("id").is_some() && msg.get("method").is_some() {
                self.answer(&msg);
            }
            if pred(&msg) {
                return Some(msg);
            }
            if msg.get("id").is_none() {
                self.notifications.push(msg);
            }
        }
    }

    fn answer(&mut self, req: &Value) {
        let result = match req["method"].as_str() {
            Some("workspace/configuration") => {
                let n = req["params"]["items"].as_array().map_or(1, Vec::len);
                Value::Array(vec![self.settings.clone(); n])
            }
            Some("workspace/applyEdit") => {
                self.applied_edits.push(req["params"]["edit"].clone());
                json!({"applied": apply_workspace_edit(&req["params"]["edit"])})
            }
            _ => Value::Null,
        };
        if let Some(method) = req["method"].as_str() {
            self.server_requests.push(method.to_string());
        }
        let id = req["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// A client with the capabilities VS Code has that matter here.
    pub fn initialize_default(&mut self) -> Value {
        self.initialize(
            json!({
                "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}},
                "workspace": {"configuration": true}
            }),
            Value::Null,
        )
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The next diagnostics for `uri` whose version is at least `version`.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        self.diagnostics_where(uri, version, |_| true)
    }

    /// The first diagnostics for `uri` (version at least `version`) that
    /// satisfy `want`. A change of configuration may be published more than
    /// once (from the notification, then from the pulled settings); the
    /// state a test waits for is the one that matters, not the first message.
    pub fn diagnostics_where(
        &mut self,
        uri: &str,
        version: Option<i64>,
        mut want: impl FnMut(&[Value]) -> bool,
    ) -> Vec<Value> {
        let uri = uri.to_string();
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && version
                    .is_none_or(|v| m["params"]["version"].as_i64().is_some_and(|got| got >= v))
                && want(
                    m["params"]["diagnostics"]
                        .as_array()
                        .map_or(&[], Vec::as_slice),
                )
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The code actions an editor asks for at a diagnostic: its range, with
    /// it as the context.
    pub fn actions_at(&mut self, uri: &str, diag: &Value) -> Vec<Value> {
        let actions = self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diag["range"],
                   "context": {"diagnostics": [diag]}}),
        );
        match actions {
            Value::Array(actions) => actions,
            _ => Vec::new(),
        }
    }

    /// Diagnostics for exactly `version`, skipping publishes of older ones.
    pub fn diagnostics_at(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let uri_s = uri.to_string();
            let msg = self.wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri_s.as_str()
            });
            let got = msg["params"]["version"].as_i64();
            assert!(
                got.is_none_or(|g| g <= version),
                "published version {got:?} newer than {version}"
            );
            if got == Some(version) {
                // Taken, not cloned: the latency harness times this call.
                let mut msg = msg;
                return match msg["params"]["diagnostics"].take() {
                    Value::Array(diagnostics) => diagnostics,
                    _ => Vec::new(),
                };
            }
        }
    }

    pub fn shutdown_and_exit(&mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server still running 1 s after exit"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of a `file://` URI (percent-decoded).
pub fn uri_path(uri: &str) -> std::path::PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri).as_bytes();
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            if let Ok(b) = u8::from_str_radix(&String::from_utf8_lossy(&raw[i + 1..i + 3]), 16) {
                bytes.push(b);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    std::path::PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// Applies a workspace edit to the files on disk, as an editor does that
/// saves what an edit changed: file creation, versioned document edits
/// and plain `changes`. Whether everything could be applied.
pub fn apply_workspace_edit(edit: &Value) -> bool {
    let edit_file = |uri: &str, edits: &[Value]| -> bool {
        let path = uri_path(uri);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, apply_edits(&old, edits)).is_ok()
    };
    let mut ok = true;
    if let Some(changes) = edit["documentChanges"].as_array() {
        for change in changes {
            match change["kind"].as_str() {
                Some("create") => {
                    let path = uri_path(change["uri"].as_str().unwrap_or_default());
                    let keep = path.exists() && change["options"]["ignoreIfExists"] == true;
                    if !keep {
                        ok &= std::fs::write(&path, "").is_ok();
                    }
                }
                Some(_) => ok = false,
                None => {
                    let uri = change["textDocument"]["uri"].as_str().unwrap_or_default();
                    ok &= edit_file(uri, change["edits"].as_array().map_or(&[], Vec::as_slice));
                }
            }
        }
    }
    if let Some(changes) = edit["changes"].as_object() {
        for (uri, edits) in changes {
            ok &= edit_file(uri, edits.as_array().map_or(&[], Vec::as_slice));
        }
    }
    ok
}

/// A `file://` URI for a path.
pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// Byte offset of an LSP position in `text`, counting `character` in
/// UTF-16 code units (or bytes with `utf8`). Lines end at `\n`, `\r\n`, `\r`.
pub fn offset_of(text: &str, line: u64, character: u64, utf8: bool) -> usize {
    let mut start = 0;
    let bytes = text.as_bytes();
    for _ in 0..line {
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        start = (i + 1).min(bytes.len());
    }
    let mut units = 0u64;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += if utf8 {
            c.len_utf8() as u64
        } else {
            c.len_utf16() as u64
        };
    }
    text.len()
}

/// The LSP position (UTF-16) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s = offset_of(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                false,
            );
            let t = offset_of(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                false,
            );
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, t, new) in spans {
        out.replace_range(s..t, &new);
    }
    out
}

/// (line, character, code) of each diagnostic, for comparisons.
pub fn summary(diags: &[Value]) -> Vec<(u64, u64, u64, u64, String)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["line"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// (line, column, end line, end column, rule) of `check --format json`
/// findings, 0-based like LSP positions and sorted as [`summary`] sorts:
/// for texts all in the BMP, where UTF-16 columns equal character columns.
pub fn cli_summary(findings: &[Value]) -> Vec<(u64, u64, u64, u64, String)> {
    let mut v: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap() - 1,
                f["column"].as_u64().unwrap() - 1,
                f["end_line"].as_u64().unwrap() - 1,
                f["end_column"].as_u64().unwrap() - 1,
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The items a streaming workspace pull sent as partial results on `token`.
pub fn streamed(client: &Client, token: &str) -> Vec<Value> {
    client
        .notifications
        .iter()
        .filter(|m| m["method"] == "$/progress" && m["params"]["token"] == token)
        .flat_map(|m| {
            m["params"]["value"]["items"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

/// The action titled `title` among `actions`.
pub fn titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} in {actions:?}"))
}
