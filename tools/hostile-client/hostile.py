#!/usr/bin/env python3
"""A hostile LSP client for report-lsp: random and malformed messages over
stdio for a fixed time, then proof that the *same* server process is alive
and still answers correctly.

Independent of the Rust code (Python 3 standard library only). Bounded:
one child process, its stdin/stdout pipes, nothing else.

    tools/hostile-client/hostile.py --server target/debug/report-lsp --duration 300

Phases:
  1. Before initialize (a quarter of the time): random messages; every
     well-formed request must get ServerNotInitialized (-32002) or, for a
     method no server has, MethodNotFound; `initialize` attempts are all
     malformed here.
  2. A fresh, correct `initialize`: it must succeed with the expected
     capabilities.
  3. Initialized (the rest of the time): random and malformed messages of
     every kind: garbage bytes, wrong Content-Length, invalid JSON, lone
     surrogate escapes, NUL, wrong params, unknown methods, random
     documents and edits with ranges past the end, versions backwards,
     duplicate ids, cancellations, answers to server requests that are
     wrong or missing; documents of one line of up to a million characters
     full of findings, code actions over random ranges of them with an
     outline request right behind each; pulled and workspace diagnostics,
     hover, inlay hints, workspace symbols, the server's commands (which
     ask back with workspace/applyEdit, answered wrongly or not at all).
     Never `shutdown` or `exit`, which end service by design.
  4. Checks: the process is still running; every well-formed request sent
     got exactly one response; a second `initialize` gets the spec's
     error (it may be sent only once); a newly opened known document gets
     exactly its diagnostics and `documentSymbol` outline; `shutdown`
     answers null and `exit` ends the process with status 0. Before that,
     a workspace pull held open (nothing changed) is answered when it is
     cancelled, and the time of a code action over a whole one-line
     document of a million characters, and of an outline request sent right
     after it, is printed.
Exit status 0 when all checks pass, 1 otherwise (with the reason).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

KNOWN = "关于开展调研工作的报告\n一、总体情况\n征集征集意见。\n二、下步打算\n"
KNOWN_OUTLINE = [["关于开展调研工作的报告", [["一、总体情况", []], ["二、下步打算", []]]]]
KNOWN_DIAGNOSTICS = [(2, 2, 2, 4, "repeated-word")]

PIECES = ["一、", "（一）", "1.", "一是", "三是", "XX", "××", "某某", "征集征集", "“", "”",
          "（", "）", "【", "】", "《", "》", "。", "，", "\n", "\r\n", "\r", "\u3000", "\t",
          "𠀀", "😀", "e\u0301", "\ufeff", "\u2028", "\0", "#", "*", "```", "    ", "[a](b)",
          "TODO", "___", "甲", "乙", "a", " ", "研究研究", "常抓抓长"]
METHODS_REQ = ["textDocument/documentSymbol", "textDocument/foldingRange",
               "textDocument/codeAction", "textDocument/hover", "textDocument/completion",
               "textDocument/inlayHint", "textDocument/diagnostic", "workspace/diagnostic",
               "workspace/executeCommand", "codeAction/resolve",
               "workspace/symbol", "report/unknown", "$/report-lsp/unknown", "", "initialize"]
# One line, a doubled word every seven characters: a finding each.
HUGE_UNIT = "征集征集意见，"
CAPABILITIES = {
    "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                     "codeAction": {"resolveSupport": {"properties": ["edit"]}, "dataSupport": True}},
    "workspace": {"configuration": True, "applyEdit": True,
                  "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]},
                  "didChangeWatchedFiles": {"dynamicRegistration": True},
                  "diagnostics": {"refreshSupport": True}},
    "window": {"workDoneProgress": True},
}
METHODS_NOTE = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
                "textDocument/didSave", "workspace/didChangeConfiguration",
                "workspace/didChangeWatchedFiles", "$/cancelRequest", "$/setTrace",
                "initialized", "report/unknownNotification"]


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, binary, log_path):
        self.log = open(log_path, "wb")
        env = dict(os.environ, REPORT_LSP_LOG=os.environ.get("REPORT_LSP_LOG", "warn"))
        self.proc = subprocess.Popen([binary, "serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.lock = threading.Lock()
        self.responses = {}        # id (as JSON text) -> list of responses
        self.null_errors = 0
        self.notifications = []
        self.server_requests = []
        self.protocol_errors = []  # malformed output from the server
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.rstrip(b"\r\n")
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            try:
                n = int(headers[b"content-length"])
                body = out.read(n)
                msg = json.loads(body)
            except Exception as e:  # the server must never write a bad frame
                with self.lock:
                    self.protocol_errors.append(repr(e))
                return
            with self.lock:
                if "method" in msg and "id" in msg:
                    self.server_requests.append(msg)
                elif "method" in msg:
                    self.notifications.append(msg)
                elif msg.get("id") is None:
                    self.null_errors += 1
                else:
                    self.responses.setdefault(json.dumps(msg["id"]), []).append(msg)

    def write(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.write(frame(json.dumps(obj, ensure_ascii=False).encode()))

    def alive(self):
        return self.proc.poll() is None

    def wait_response(self, rid, timeout):
        key = json.dumps(rid)
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if self.responses.get(key):
                    return self.responses[key][0]
            if not self.alive():
                return None
            time.sleep(0.01)
        return None

    def take_server_requests(self):
        with self.lock:
            reqs, self.server_requests = self.server_requests, []
        return reqs


class Hostile:
    def __init__(self, rng, server, base):
        self.rng = rng
        self.s = server
        self.base = base     # the workspace folder: documents live here
        self.next_id = 1
        self.expected = {}   # id json -> what the answer must be ("any", "-32002")
        self.methods = {}    # id json -> the method asked, for the report
        self.docs = {}       # uri -> version
        self.huge = []       # uris of open one-line documents full of findings
        self.sent = 0

    def rid(self):
        self.next_id += 1
        return self.next_id

    def text(self, n=None):
        r = self.rng
        if n is None:
            n = r.choice([0, 1, 3, 10, 40, 200]) if r.random() < 0.97 else r.choice([5000, 50000])
        return "".join(r.choice(PIECES) for _ in range(n))

    def junk(self):
        """A JSON value of a random, usually wrong, shape."""
        r = self.rng
        return r.choice([None, True, -1, 2**31, 2**32, 2**53 + 1, -2**63, 1.5, "", "x" * r.randint(0, 50),
                         [], {}, [1, "a"], {"line": -1, "character": 0}, self.text(3)])

    def position(self):
        r = self.rng
        if r.random() < 0.1:
            return {"line": self.junk(), "character": self.junk()}
        big = [0, 1, 2, 5, 40, 10**6, 2**31 - 1, 2**32 - 1]
        return {"line": r.choice(big[:5]) if r.random() < 0.8 else r.choice(big),
                "character": r.choice(big[:5]) if r.random() < 0.8 else r.choice(big)}

    def range(self):
        return {"start": self.position(), "end": self.position()}

    def uri(self):
        r = self.rng
        if self.docs and r.random() < 0.7:
            return r.choice(list(self.docs))
        return r.choice(["file://%s/%d.txt" % (self.base, r.randint(0, 20)),
                         "file://%s/%d.md" % (self.base, r.randint(0, 5)),
                         "untitled:Untitled-%d" % r.randint(0, 3),
                         "file://%s/report-lsp.toml" % self.base,
                         "not a uri", "file://%s/%%E4%%B8%%AD.txt" % self.base, ""])

    def params_for(self, method):
        """Well-formed parameters of the newer requests, often pointing at
        real documents, sometimes wrong in a detail."""
        r = self.rng
        uri = self.uri()
        if method == "workspace/executeCommand":
            return r.choice([
                {"command": "report-lsp.silence", "arguments": [{
                    "uri": uri, "rule": r.choice(["repeated-word", "placeholder", "typo", "bogus"]),
                    "text": r.choice([None, "征集", self.text(2)]),
                    "scope": r.choice(["here", "file", "allow", "everywhere"])}]},
                {"command": "report-lsp.fixAll", "arguments": [{"uri": uri, "version": self.docs.get(uri, 0)}]},
                {"command": r.choice(["report-lsp.silence", "report-lsp.fixAll", "nope"]),
                 "arguments": r.choice([[], [self.junk()], None])},
            ])
        if method == "codeAction/resolve":
            return {"title": "x", "kind": "source.fixAll.report-lsp",
                    "data": r.choice([{"uri": uri, "version": self.docs.get(uri, 0)}, self.junk()])}
        if method == "workspace/diagnostic":
            prev = [{"uri": self.uri(), "value": r.choice(["x", "", self.text(1)])}
                    for _ in range(r.choice([0, 0, 1, 3]))]
            params = {"previousResultIds": prev}
            # Never a partial-result token here: a pull that finds nothing
            # new would rightly be held open (the checks test that apart).
            if r.random() < 0.5:
                params["workDoneToken"] = "wd-%d" % self.next_id
            return params
        if method == "textDocument/diagnostic":
            return {"textDocument": {"uri": uri}, "previousResultId": r.choice([None, "x", ""])}
        if method == "workspace/symbol":
            return {"query": r.choice(["", "一", "总体情况", self.text(2)])}
        return None

    def huge_code_action(self):
        """A code action over a random range of a huge one-line document,
        and an outline request right behind it."""
        r = self.rng
        uri = r.choice(self.huge)
        a, b = sorted(r.randrange(0, 1_000_000) for _ in range(2))
        if r.random() < 0.3:
            a, b = 0, 1_000_000
        rid = self.rid()
        self.s.send({"jsonrpc": "2.0", "id": rid, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": a}, "end": {"line": r.choice([0, 1]), "character": b}},
            "context": {"diagnostics": [], "only": r.choice([None, ["quickfix"], ["source.fixAll"]])}}})
        self.expected[json.dumps(rid)] = "any"
        rid = self.rid()
        self.s.send({"jsonrpc": "2.0", "id": rid, "method": "textDocument/documentSymbol",
                     "params": {"textDocument": {"uri": self.uri()}}})
        self.expected[json.dumps(rid)] = "any"

    def open_huge(self):
        r = self.rng
        uri = "file://%s/huge-%d.txt" % (self.base, self.rid())
        text = HUGE_UNIT * r.choice([2000, 20000, 143000])
        self.s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}})
        self.docs[uri] = 1
        self.huge.append(uri)
        if len(self.huge) > 3:
            old = self.huge.pop(0)
            self.docs.pop(old, None)
            self.s.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
                         "params": {"textDocument": {"uri": old}}})

    # --- well-formed requests (accounted: each must get one response)
    def request(self, initialized):
        r = self.rng
        if initialized and self.huge and r.random() < 0.05:
            self.huge_code_action()
            return
        method = r.choice(METHODS_REQ)
        newer = self.params_for(method) if r.random() < 0.8 else None
        if newer is not None:
            params = newer
        elif method == "initialize":
            # Only malformed ones: the real initialize is the checked one.
            params = {"capabilities": r.choice([5, "x", [], None])}
        elif r.random() < 0.2:
            params = self.junk()
        else:
            params = {"textDocument": {"uri": self.uri()}, "range": self.range(),
                      "position": self.position(),
                      "context": {"diagnostics": r.choice([[], [{"range": self.range(), "message": "x",
                                                                  "code": "placeholder",
                                                                  "data": {"replacement": self.text(2)}}]]),
                                  "only": r.choice([None, ["quickfix"], ["source.fixAll.report-lsp"], [""]])}}
        rid = self.rid() if r.random() < 0.9 else "s-%d" % self.rid()
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if r.random() < 0.95:
            msg["params"] = params
        self.s.send(msg)
        self.expected[json.dumps(rid)] = "any" if initialized else "uninitialized"
        self.methods[json.dumps(rid)] = method

    # --- notifications
    def notification(self):
        r = self.rng
        if r.random() < 0.004:
            self.open_huge()
            return
        method = r.choice(METHODS_NOTE)
        uri = self.uri()
        if method == "textDocument/didOpen":
            version = r.randint(-5, 100)
            params = {"textDocument": {"uri": uri, "languageId": r.choice(["plaintext", "markdown", "toml", "", "rust"]),
                                       "version": version, "text": self.text()}}
            self.docs[uri] = version
        elif method == "textDocument/didChange":
            version = self.docs.get(uri, 0) + r.choice([1, 1, 1, 0, -3])
            self.docs[uri] = version
            changes = []
            for _ in range(r.choice([0, 1, 1, 2, 5])):
                if r.random() < 0.1:
                    changes.append({"text": self.text()})
                else:
                    changes.append({"range": self.range(), "text": self.text(r.choice([0, 1, 2, 5]))})
            params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
        elif method == "textDocument/didClose":
            self.docs.pop(uri, None)
            params = {"textDocument": {"uri": uri}}
        elif method == "textDocument/didSave":
            params = {"textDocument": {"uri": uri}}
        elif method == "workspace/didChangeConfiguration":
            params = {"settings": r.choice([None, {}, {"reportLsp": None},
                                            {"reportLsp": {"rules": {"placeholder": r.choice(["off", "hint", "bogus", 3])}}},
                                            {"reportLsp": {"placeholder": {"regex": ["(", "a{99999}", "X+"]}}},
                                            {"reportLsp": self.junk()}])}
        elif method == "workspace/didChangeWatchedFiles":
            params = {"changes": [{"uri": uri, "type": r.choice([1, 2, 3, 99])}]}
        elif method == "$/cancelRequest":
            params = {"id": r.choice([self.next_id, self.next_id - 1, "nope", -1])}
        else:
            params = self.junk()
        if r.random() < 0.1:
            params = self.junk()
        self.s.send({"jsonrpc": "2.0", "method": method, "params": params})

    # --- malformed frames and bodies (not accounted)
    def malformed(self):
        r = self.rng
        body = json.dumps({"jsonrpc": "2.0", "id": "bad-%d" % self.rid(), "method": "textDocument/documentSymbol",
                           "params": {"textDocument": {"uri": self.uri()}}}).encode()
        kind = r.randrange(14)
        if kind == 0:
            data = bytes(r.randrange(256) for _ in range(r.randint(1, 300)))
        elif kind == 1:
            data = frame(body[: r.randint(0, len(body))])
        elif kind == 2:  # Content-Length too short
            data = b"Content-Length: %d\r\n\r\n" % max(0, len(body) - r.randint(1, 20)) + body
        elif kind == 3:  # Content-Length too long, by a little (the next bytes complete it)
            data = b"Content-Length: %d\r\n\r\n" % (len(body) + r.randint(1, 40)) + body
        elif kind == 4:
            data = b"Content-Length: " + r.choice([b"-1", b"abc", b"1e3", b"", b"99999999999999999999",
                                                    b"0x10", b" 12 "]) + b"\r\n\r\n" + body
        elif kind == 5:
            data = frame(r.choice([b"{", b"}", b"null", b"[]", b"[{}]", b"\"str\"", b"1", b"{}x",
                                   b"{\"jsonrpc\":\"2.0\"}", b"[" * 5000, b"\xff\xfe", b"\x00"]))
        elif kind == 6:  # lone surrogate escapes
            esc = r.choice(["\\ud800", "\\udc00", "\\udbff\\udbff", "x\\ud800y"])
            data = frame(('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":'
                          '{"uri":"file:///tmp/hostile/s.txt","languageId":"plaintext","version":1,"text":"%s"}}}'
                          % esc).encode())
        elif kind == 7:  # raw control characters inside strings
            data = frame(body.replace(b"documentSymbol", b"document\x00Sym\tbol"))
        elif kind == 8:
            data = b"Content-Type: application/vscode-jsonrpc; charset=latin1\r\n" + frame(body)
        elif kind == 9:
            data = b"\r\n" * r.randint(1, 4) + frame(body)
        elif kind == 10:  # a frame cut anywhere, then a good one
            f = frame(body)
            data = f[: r.randint(1, len(f) - 1)] + frame(body)
        elif kind == 11:  # wrong JSON-RPC shape with a usable id
            data = frame(json.dumps(r.choice([
                {"jsonrpc": "1.0", "id": self.rid(), "method": "x"},
                {"id": self.rid(), "method": "x"},
                {"jsonrpc": "2.0", "id": self.rid(), "method": 7},
                {"jsonrpc": "2.0", "id": {"obj": 1}, "method": "x"},
                {"jsonrpc": "2.0", "id": self.rid(), "result": 1},
                {"jsonrpc": "2.0", "id": 1.5, "method": "x"},
            ])).encode())
        elif kind == 12:  # a batch
            data = frame(json.dumps([{"jsonrpc": "2.0", "id": self.rid(), "method": "shutdown"}]).encode())
        else:  # huge nesting in params
            data = frame(('{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":'
                          + "[" * 200 + "]" * 200 + "}}").encode())
        self.s.write(data)

    def answer_server_requests(self):
        r = self.rng
        for req in self.s.take_server_requests():
            choice = r.randrange(4)
            if choice == 0:
                continue  # never answered
            if choice == 1:
                self.s.send({"jsonrpc": "2.0", "id": req["id"], "result": [self.junk()]})
            elif choice == 2:
                self.s.send({"jsonrpc": "2.0", "id": req["id"],
                             "error": {"code": -32603, "message": "client says no"}})
            else:
                self.s.send({"jsonrpc": "2.0", "id": req["id"], "result": None})

    def burst(self, initialized, until):
        r = self.rng
        while time.time() < until:
            if not self.s.alive():
                return
            x = r.random()
            if x < 0.3:
                self.request(initialized)
            elif x < 0.7:
                self.notification()
            else:
                self.malformed()
            self.sent += 1
            if self.sent % 20 == 0:
                self.answer_server_requests()
                # Keep the server's backlog bounded: wait for the oldest requests.
                time.sleep(0.001)
                self.settle(200)

    def settle(self, max_outstanding, timeout=60):
        """Waits while more than `max_outstanding` requests are unanswered
        (at most `timeout` seconds: the final checks report what is missing)."""
        deadline = time.time() + timeout
        while self.s.alive() and time.time() < deadline:
            with self.s.lock:
                missing = sum(1 for k in self.expected if k not in self.s.responses)
            if missing <= max_outstanding:
                return
            time.sleep(0.01)


def outline_names(symbols):
    return [[s["name"], outline_names(s.get("children") or [])] for s in (symbols or [])]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True, help="path to the report-lsp binary")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of hostile traffic (default 20)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    ap.add_argument("--log", default=None, help="where to keep the server's stderr")
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    log_path = args.log or os.path.join(tempfile.gettempdir(), "report-lsp-hostile-%d.log" % os.getpid())
    print("hostile: seed %d, %.0f s, server log %s" % (seed, args.duration, log_path), flush=True)

    base = tempfile.mkdtemp(prefix="report-lsp-hostile-")
    with open(os.path.join(base, "on-disk.txt"), "w", encoding="utf-8") as f:
        f.write(KNOWN)
    server = Server(args.server, log_path)
    h = Hostile(rng, server, base)
    failures = []

    def fail(msg):
        failures.append(msg)
        print("hostile: FAIL: " + msg, flush=True)

    start = time.time()
    try:
        # 1. Before initialize.
        h.burst(False, start + args.duration * 0.25)
        # Blank lines complete any frame whose Content-Length promised more
        # bytes than it had (framing can only resynchronise on new input).
        server.write(b"\r\n" * 64)
        h.settle(0)

        # 2. A fresh initialize.
        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": {
            "processId": None, "rootUri": "file://" + base,
            "workspaceFolders": [{"uri": "file://" + base, "name": "hostile"}],
            "capabilities": CAPABILITIES}})
        resp = server.wait_response(rid, 60)
        caps = (resp or {}).get("result", {}).get("capabilities", {})
        if not caps.get("documentSymbolProvider"):
            fail("fresh initialize after the pre-initialize phase: %r" % resp)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

        # 3. Initialized.
        h.burst(True, start + args.duration)
        server.write(b"\r\n" * 64)

        # 4. Checks.
        if not server.alive():
            fail("the server exited (status %r)" % server.proc.poll())
        deadline = time.time() + 120
        while time.time() < deadline and server.alive():
            with server.lock:
                missing = [k for k in h.expected if k not in server.responses]
            if not missing:
                break
            h.answer_server_requests()
            time.sleep(0.05)
        with server.lock:
            missing = [k for k in h.expected if k not in server.responses]
            doubled = [k for k, v in server.responses.items() if k in h.expected and len(v) > 1]
            wrong = []
            for k, want in h.expected.items():
                got = server.responses.get(k)
                if got and want == "uninitialized":
                    code = got[0].get("error", {}).get("code")
                    if code not in (-32002, -32601, -32602):
                        wrong.append((k, got[0]))
            protocol_errors = list(server.protocol_errors)
        if missing:
            fail("%d well-formed requests never answered, e.g. %s"
                 % (len(missing), [(k, h.methods.get(k, "code action or outline")) for k in missing[:8]]))
        if doubled:
            fail("requests answered twice: %s" % doubled[:5])
        if wrong:
            fail("before initialize, wrong answers: %s" % wrong[:3])
        if protocol_errors:
            fail("the server wrote malformed frames: %s" % protocol_errors[:3])

        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": {"capabilities": {}}})
        resp = server.wait_response(rid, 30)
        if not resp or resp.get("error", {}).get("code") != -32600:
            fail("a second initialize must be refused with InvalidRequest: %r" % resp)

        uri = "file:///tmp/hostile/known-%d.txt" % seed
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": KNOWN}}})
        diags = None
        deadline = time.time() + 60
        while time.time() < deadline and diags is None:
            with server.lock:
                for n in server.notifications:
                    p = n.get("params") or {}
                    if n.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri and p.get("version") == 1:
                        diags = p["diagnostics"]
            h.answer_server_requests()
            time.sleep(0.02)
        got = sorted((d["range"]["start"]["line"], d["range"]["start"]["character"],
                      d["range"]["end"]["line"], d["range"]["end"]["character"], d.get("code"))
                     for d in (diags or []))
        if got != KNOWN_DIAGNOSTICS:
            fail("diagnostics of the known document: %r" % (diags,))
        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "textDocument/documentSymbol",
                     "params": {"textDocument": {"uri": uri}}})
        resp = server.wait_response(rid, 60)
        if not resp or outline_names(resp.get("result")) != KNOWN_OUTLINE:
            fail("documentSymbol of the known document: %r" % (resp,))

        # A workspace pull that finds nothing new is held open; cancelled,
        # it is answered (RequestCancelled) and the server goes on.
        for uri in list(h.docs):
            server.send({"jsonrpc": "2.0", "method": "textDocument/didClose",
                         "params": {"textDocument": {"uri": uri}}})
        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "workspace/diagnostic",
                     "params": {"previousResultIds": [], "partialResultToken": "held-1"}})
        resp = server.wait_response(rid, 60)
        with server.lock:
            streamed = [i for n in server.notifications
                        if n.get("method") == "$/progress" and (n.get("params") or {}).get("token") == "held-1"
                        for i in ((n["params"].get("value") or {}).get("items") or [])]
        if not resp or "result" not in resp or not streamed:
            fail("workspace pull over the folder: %r, %d streamed" % (resp, len(streamed)))
        previous = [{"uri": i["uri"], "value": i["resultId"]} for i in streamed if i.get("resultId")]
        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "workspace/diagnostic",
                     "params": {"previousResultIds": previous, "partialResultToken": "held-2"}})
        if server.wait_response(rid, 1.0) is not None:
            fail("a workspace pull with nothing new was answered instead of held")
        server.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}})
        resp = server.wait_response(rid, 10)
        if not resp or resp.get("error", {}).get("code") != -32800:
            fail("a held workspace pull, cancelled: %r" % (resp,))

        # A one-line document of a million characters full of findings: a
        # code action over the whole line, and an outline right after it.
        uri = "file://%s/million.txt" % base
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                             "text": HUGE_UNIT * 142858}}})
        t = time.time()
        while time.time() < t + 60:
            with server.lock:
                if any(n.get("method") == "textDocument/publishDiagnostics"
                       and (n.get("params") or {}).get("uri") == uri for n in server.notifications):
                    break
            time.sleep(0.01)
        t = time.time()
        action, outline = h.rid(), h.rid()
        server.send({"jsonrpc": "2.0", "id": action, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}},
            "context": {"diagnostics": []}}})
        server.send({"jsonrpc": "2.0", "id": outline, "method": "textDocument/documentSymbol",
                     "params": {"textDocument": {"uri": uri}}})
        got = {}
        while len(got) < 2 and time.time() < t + 60:
            with server.lock:
                for r_id in (action, outline):
                    if r_id not in got and server.responses.get(json.dumps(r_id)):
                        got[r_id] = time.time() - t
            time.sleep(0.002)
        if len(got) < 2:
            fail("code action and outline on the million-character line: %r" % got)
        else:
            print("hostile: one line of 1M characters: code action answered in %.2f s, outline sent right after in %.2f s"
                  % (got[action], got[outline]), flush=True)

        rid = h.rid()
        server.send({"jsonrpc": "2.0", "id": rid, "method": "shutdown"})
        resp = server.wait_response(rid, 30)
        if not resp or "result" not in resp or resp["result"] is not None:
            fail("shutdown: %r" % (resp,))
        server.send({"jsonrpc": "2.0", "method": "exit"})
        try:
            status = server.proc.wait(10)
            if status != 0:
                fail("exit status %r" % status)
        except subprocess.TimeoutExpired:
            fail("still running 10 s after exit")
    except BrokenPipeError:
        fail("the server closed its input (exited, status %r)" % server.proc.poll())
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        shutil.rmtree(base, ignore_errors=True)

    with server.lock:
        answered = sum(len(v) for v in server.responses.values())
        nulls = server.null_errors
    print("hostile: %d messages sent (%d accounted requests), %d responses, %d null-id errors, %.0f s"
          % (h.sent, len(h.expected), answered, nulls, time.time() - start), flush=True)
    if failures:
        print("hostile: %d check(s) failed; seed %d; server log %s" % (len(failures), seed, log_path))
        return 1
    print("hostile: OK: same process alive, fresh initialize, diagnostics and documentSymbol correct, clean exit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
