//! Framing that survives a hostile or broken client.
//!
//! tower-lsp-server 0.23 reads stdin through a tokio-util `FramedRead`, and
//! after the first decoding error (invalid JSON, invalid UTF-8, a bad or
//! missing `Content-Length`, an unexpected header) that stream ends: the
//! server answers one parse error and then stops reading, so the process
//! exits. One stray byte from a client would take the language server down.
//!
//! So stdin goes through [`pump_input`] first. It frames messages itself,
//! forwards only well-formed JSON-RPC messages (re-serialised, so the
//! library's decoder can never fail on them) and answers everything else
//! itself, as JSON-RPC 2.0 says:
//! - bytes that are not a frame, a bad or missing `Content-Length`, a body
//!   that is not UTF-8 or not JSON: `-32700` Parse error, id `null`;
//! - JSON that is not a request, notification or response (a batch array,
//!   a missing `method`, `"jsonrpc": "1.0"`…): `-32600` Invalid Request,
//!   with the message's id when it has a usable one, else `null`;
//! - a malformed *response* from the client: logged and dropped (nobody
//!   answers a response).
//!
//! After an error it resynchronises at the next `Content-Length` header, so
//! a frame whose `Content-Length` is too short or too long costs that frame
//! and not the ones after it. The answers are merged into stdout between
//! the server's own messages by [`pump_output`].

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Id, Request, Response};
use tracing::{debug, error, warn};

/// Larger messages are refused: a 64 MiB report (the CLI's limit) is far
/// below it even with every character escaped.
pub const MAX_MESSAGE: usize = 256 * 1024 * 1024;
/// A header block longer than this is garbage, not a header.
const MAX_HEADER: usize = 8 * 1024;

const HEADER: &[u8] = b"Content-Length";
const BLANK: &str = "blank lines between messages";

/// What the library's decoder accepts (its own type is private).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Message {
    Response(Response),
    Request(Request),
}

/// One step of framing `buf`.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Not enough bytes yet.
    NeedMore,
    /// A message body that passed every check, re-serialised; consume
    /// `consumed` bytes.
    Forward { consumed: usize, body: String },
    /// Something to answer (or nothing, for a bad response), then consume.
    Reject {
        consumed: usize,
        reply: Option<Response>,
        why: String,
        /// Bytes that were not a frame at all (answered once per run).
        garbage: bool,
    },
}

/// Frames the next message in `buf`. `eof`: no more bytes will come.
pub fn step(buf: &[u8], eof: bool) -> Step {
    if buf.is_empty() {
        return Step::NeedMore;
    }
    // Blank lines between frames: skipped without a word.
    let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if blank > 0 {
        return Step::Reject {
            consumed: blank,
            reply: None,
            why: BLANK.into(),
            garbage: false,
        };
    }
    let Some(header_end) = find(buf, b"\r\n\r\n") else {
        if buf.len() > MAX_HEADER || eof {
            return garbage(buf, "no header block");
        }
        return Step::NeedMore;
    };
    if header_end > MAX_HEADER {
        return garbage(buf, "header block too long");
    }
    let headers = &buf[..header_end];
    let mut length = None;
    for line in headers.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return garbage(buf, "header line without a colon");
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.eq_ignore_ascii_case(HEADER) {
            let parsed = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok());
            match parsed {
                Some(n) if n <= MAX_MESSAGE => length = Some(n),
                Some(n) => return garbage(buf, &format!("Content-Length {n} over the limit")),
                None => return garbage(buf, "Content-Length is not a number"),
            }
        }
        // Content-Type and anything else: the body is UTF-8 JSON regardless.
    }
    let Some(length) = length else {
        return garbage(buf, "no Content-Length header");
    };
    let start = header_end + 4;
    if buf.len() < start + length {
        if eof {
            return garbage(buf, "input ended inside a message");
        }
        return Step::NeedMore;
    }
    let body = &buf[start..start + length];
    match check_body(body) {
        Ok(body) => Step::Forward {
            consumed: start + length,
            body,
        },
        Err(rejection) => {
            let (reply, why) = *rejection;
            // A Content-Length too long swallows the start of the next
            // message: give that back, even when only part of its header
            // made it into this body.
            let give_back = match find_header(body) {
                Some(at) if at > 0 => body.len() - at,
                _ => (1..HEADER.len().min(body.len()))
                    .rev()
                    .find(|&k| body.ends_with(&HEADER[..k]))
                    .unwrap_or(0),
            };
            let consumed = start + length - give_back;
            Step::Reject {
                consumed,
                reply,
                why,
                garbage: false,
            }
        }
    }
}

/// Bytes that do not frame: a parse error, and skip to the next header.
/// Whitespace between frames (a stray newline) is skipped silently.
fn garbage(buf: &[u8], why: &str) -> Step {
    let consumed = find_header(&buf[1..]).map_or(buf.len(), |at| at + 1);
    let blank = buf[..consumed].iter().all(u8::is_ascii_whitespace);
    Step::Reject {
        consumed,
        reply: (!blank).then(|| error_reply(Id::Null, Error::parse_error(), why)),
        why: why.to_string(),
        garbage: true,
    }
}

fn error_reply(id: Id, mut error: Error, why: &str) -> Response {
    error.message = Cow::Owned(format!("{}: {why}", error.message));
    Response::from_error(id, error)
}

/// What to answer (if anything) and why; boxed, errors are the rare path.
type Rejection = Box<(Option<Response>, String)>;

fn check_body(body: &[u8]) -> Result<String, Rejection> {
    let parse_error = |why: String| {
        let reply = error_reply(Id::Null, Error::parse_error(), &why);
        Box::new((Some(reply), why))
    };
    let text =
        std::str::from_utf8(body).map_err(|e| parse_error(format!("body is not UTF-8: {e}")))?;
    // The common case costs one parse: exactly what the library's decoder
    // will do with these bytes, so if it succeeds here it succeeds there and
    // the original body can go through as it is. Only a message that fails
    // (or has no method) is taken apart below to answer it properly.
    if let Ok(message) = serde_json::from_str::<Message>(text) {
        let has_method = match &message {
            Message::Request(r) => !r.method().is_empty(),
            Message::Response(_) => true,
        };
        if has_method {
            return Ok(text.to_string());
        }
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| parse_error(format!("body is not JSON: {e}")))?;
    let id = usable_id(&value);
    let is_response = value.get("method").is_none()
        && (value.get("result").is_some() || value.get("error").is_some());
    if !is_response && value.get("method").is_none() {
        // The library would take it for a request to the method "".
        let why = "a request without a method".to_string();
        let reply = error_reply(id.unwrap_or(Id::Null), Error::invalid_request(), &why);
        return Err(Box::new((Some(reply), why)));
    }
    let message: Message = Message::deserialize(&value).map_err(|e| {
        let why = format!("not a JSON-RPC message: {e}");
        if is_response {
            Box::new((None, why))
        } else {
            let reply = error_reply(id.unwrap_or(Id::Null), Error::invalid_request(), &why);
            Box::new((Some(reply), why))
        }
    })?;
    serde_json::to_string(&message).map_err(|e| parse_error(format!("cannot re-encode: {e}")))
}

/// The id of an object that has a valid one, for answering it.
fn usable_id(value: &Value) -> Option<Id> {
    match value.get("id")? {
        Value::Number(n) => n.as_i64().map(Id::Number),
        Value::String(s) => Some(Id::String(s.clone())),
        _ => None,
    }
}

/// Where a `Content-Length` header (any case) starts.
fn find_header(haystack: &[u8]) -> Option<usize> {
    haystack
        .windows(HEADER.len())
        .position(|window| window.eq_ignore_ascii_case(HEADER))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

pub fn frame(body: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Reads the client's bytes, forwards good messages to the server and
/// sends answers for bad ones to `replies`. Ends (closing `to_server`) at
/// end of input.
pub async fn pump_input(
    mut from_client: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut scanned_to = 0;
    let mut eof = false;
    // Inside a run of unframed bytes: answer its start only, not every chunk.
    let mut in_garbage = false;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        // Until the header block is complete, `step` only needs to look at
        // new bytes; after it, only when the body is complete.
        let ready = eof || ready_to_step(&buf, &mut scanned_to);
        let s = if ready {
            step(&buf, eof)
        } else {
            Step::NeedMore
        };
        match s {
            Step::NeedMore => {
                if eof {
                    break;
                }
                match from_client.read(&mut chunk).await {
                    Ok(0) => eof = true,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    Err(e) => {
                        error!("reading stdin failed: {e}");
                        eof = true;
                    }
                }
            }
            Step::Forward { consumed, body } => {
                buf.drain(..consumed);
                scanned_to = 0;
                in_garbage = false;
                if to_server.write_all(&frame(&body)).await.is_err() {
                    // The server stopped reading: it has exited.
                    break;
                }
            }
            Step::Reject {
                consumed,
                reply,
                why,
                garbage,
            } => {
                buf.drain(..consumed);
                scanned_to = 0;
                let repeat = garbage && in_garbage;
                in_garbage = garbage;
                if repeat {
                    continue;
                }
                if why == BLANK {
                    debug!("{consumed} blank bytes between messages skipped");
                } else {
                    warn!("bad message from the client ({why}); {consumed} bytes skipped");
                }
                if let Some(reply) = reply {
                    if let Ok(body) = serde_json::to_string(&reply) {
                        let _ = replies.send(frame(&body));
                    }
                }
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Whether `step` could get further than last time: a header block is
/// complete (and then its body, judged by `step` itself), or the buffer
/// has outgrown any header. Keeps framing linear in the message size.
fn ready_to_step(buf: &[u8], scanned_to: &mut usize) -> bool {
    if buf.is_empty() {
        return false;
    }
    let from = scanned_to.saturating_sub(3);
    match find(&buf[from..], b"\r\n\r\n") {
        Some(at) => {
            let header_end = from + at;
            // Cheap re-check of the length; `step` does the real parsing.
            let length = std::str::from_utf8(&buf[..header_end]).ok().and_then(|h| {
                h.split("\r\n").find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.trim()
                        .eq_ignore_ascii_case("Content-Length")
                        .then(|| value.trim().parse::<usize>().ok())
                        .flatten()
                })
            });
            match length {
                Some(n) => buf.len() >= header_end + 4 + n || n > MAX_MESSAGE,
                None => true,
            }
        }
        None => {
            *scanned_to = buf.len();
            buf.len() > MAX_HEADER
        }
    }
}

/// Copies the library's messages to stdout whole, with the `frames` written
/// beside it in between: `pump_input`'s answers to bad input and the
/// server's own notifications (`Outbox`). Ends when the library closes its
/// output.
pub async fn pump_output(
    mut from_server: impl AsyncRead + Unpin,
    mut to_client: impl AsyncWrite + Unpin,
    mut frames: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut frames_open = true;
    loop {
        // Whole frames of the server's output go out as they complete.
        while let Some(len) = complete_frame(&buf) {
            if to_client.write_all(&buf[..len]).await.is_err() {
                return;
            }
            buf.drain(..len);
        }
        let _ = to_client.flush().await;
        tokio::select! {
            // These first: an answer to bad input is older than anything the
            // library can have written meanwhile.
            biased;
            frame = frames.recv(), if frames_open => match frame {
                Some(bytes) => {
                    // Only between frames: the server's partial frame waits.
                    if to_client.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
                None => frames_open = false,
            },
            read = from_server.read(&mut chunk) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
        }
    }
    let _ = to_client.write_all(&buf).await;
    let _ = to_client.flush().await;
}

/// The length of the first whole frame of the server's (well-formed)
/// output, if it is all there.
fn complete_frame(buf: &[u8]) -> Option<usize> {
    let header_end = find(buf, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&buf[..header_end]).ok()?;
    let length: usize = headers.split("\r\n").find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("Content-Length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })?;
    let total = header_end + 4 + length;
    (buf.len() >= total).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reject(s: Step) -> (usize, Option<Value>) {
        match s {
            Step::Reject {
                consumed, reply, ..
            } => (consumed, reply.map(|r| serde_json::to_value(r).unwrap())),
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn good_messages_are_forwarded_whole() {
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let mut bytes = frame(body);
        bytes.extend_from_slice(b"Content-Le");
        match step(&bytes, false) {
            Step::Forward { consumed, body } => {
                assert_eq!(consumed, frame(body.as_str()).len());
                let v: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(v["method"], "shutdown");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(step(b"Content-Length: 10\r\n\r\n{", false), Step::NeedMore);
        assert_eq!(step(b"Content-Length: 10\r\n", false), Step::NeedMore);
        // A stray blank line before (skipped silently), lower case, extra
        // headers: all fine, the body is judged on its own ({} is not a
        // request).
        let lenient = b"\r\ncontent-length: 2\r\nContent-Type: x\r\n\r\n{}";
        let (blank, reply) = reject(step(lenient, false));
        assert_eq!((blank, reply), (2, None));
        let (_, reply) = reject(step(&lenient[2..], false));
        assert_eq!(reply.unwrap()["error"]["code"], -32600);
    }

    #[test]
    fn parse_errors_and_resynchronisation() {
        let good = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        for bad in [
            b"Content-Length: 5\r\n\r\n{oops".to_vec(),
            b"Content-Length: abc\r\n\r\n{}".to_vec(),
            b"Content-Type: x\r\n\r\n{}".to_vec(),
            b"garbage\r\n\r\n".to_vec(),
            b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec(),
            b"Content-Length: 999999999999\r\n\r\n".to_vec(),
        ] {
            let mut bytes = bad.clone();
            bytes.extend_from_slice(&good);
            let (consumed, reply) = reject(step(&bytes, false));
            assert_eq!(reply.unwrap()["error"]["code"], -32700, "{bad:?}");
            assert!(
                matches!(step(&bytes[consumed..], false), Step::Forward { .. }),
                "no resync after {:?}",
                String::from_utf8_lossy(&bad)
            );
        }
    }

    #[test]
    fn content_length_too_short_or_too_long_costs_one_message() {
        let a = r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#;
        let good = frame(r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#);
        // Too long: the body runs into the next frame, which is given back.
        let mut bytes = format!("Content-Length: {}\r\n\r\n{a}", a.len() + 10).into_bytes();
        bytes.extend_from_slice(&good);
        let (consumed, reply) = reject(step(&bytes, false));
        assert_eq!(reply.unwrap()["error"]["code"], -32700);
        assert!(matches!(
            step(&bytes[consumed..], false),
            Step::Forward { .. }
        ));
        // Too short: the rest of the body is garbage before the next frame.
        let mut bytes = format!("Content-Length: {}\r\n\r\n{a}", a.len() - 5).into_bytes();
        bytes.extend_from_slice(&good);
        let (consumed, _) = reject(step(&bytes, false));
        let (consumed2, _) = reject(step(&bytes[consumed..], false));
        assert!(matches!(
            step(&bytes[consumed + consumed2..], false),
            Step::Forward { .. }
        ));
    }

    #[test]
    fn invalid_requests_keep_their_id_and_responses_get_no_answer() {
        let (_, reply) = reject(step(
            &frame(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            false,
        ));
        assert_eq!(reply.unwrap()["id"], 7);
        let (_, reply) = reject(step(
            &frame(r#"[{"jsonrpc":"2.0","id":1,"method":"a"}]"#),
            false,
        ));
        let reply = reply.unwrap();
        assert_eq!(
            (reply["id"].clone(), reply["error"]["code"].clone()),
            (Value::Null, json!(-32600))
        );
        let (_, reply) = reject(step(
            &frame(r#"{"jsonrpc":"1.0","id":"x","method":"a"}"#),
            false,
        ));
        assert_eq!(reply.unwrap()["id"], "x");
        let (_, reply) = reject(step(
            &frame(r#"{"jsonrpc":"2.0","id":{"no":1},"result":1}"#),
            false,
        ));
        assert_eq!(reply, None);
        // Duplicate keys: the last wins, and the library sees a clean copy
        // (its own decoder would refuse them and stop reading).
        match step(
            &frame(r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"a"}"#),
            false,
        ) {
            Step::Forward { body, .. } => {
                assert_eq!(body, r#"{"jsonrpc":"2.0","method":"a","id":2}"#)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lone_surrogates_are_parse_errors() {
        let body = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a","languageId":"plaintext","version":1,"text":"\ud800"}}}"#;
        let (_, reply) = reject(step(&frame(body), false));
        assert_eq!(reply.unwrap()["error"]["code"], -32700);
    }
}
