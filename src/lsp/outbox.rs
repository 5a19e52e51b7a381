//! Notifications the server writes itself, beside tower-lsp-server's own
//! output, through the transport guard's writer (which keeps every message
//! whole on stdout).
//!
//! tower-lsp-server's `Client` first turns a notification into a
//! `serde_json::Value` tree and later that tree into text. For the ~1,800
//! diagnostics of a 1M-character report that costs ~5 ms per keystroke, more
//! than analysing the edit; serialising straight from the types costs ~1 ms.

use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;
use tower_lsp_server::ls_types::notification::{Notification, PublishDiagnostics, ShowMessage};
use tower_lsp_server::ls_types::{Diagnostic, MessageType, ShowMessageParams, Uri};
use tracing::error;

use super::transport_guard::frame;

/// Diagnostics and messages all go this one way, so they reach the client
/// in the order the server sent them: a message about a broken
/// configuration before the diagnostics it explains.
#[derive(Clone)]
pub struct Outbox(UnboundedSender<Vec<u8>>);

/// A notification serialised and framed, ready to go out.
pub struct Frame(Vec<u8>);

#[derive(Serialize)]
struct Message<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: &'a P,
}

fn frame_of<N: Notification>(params: &N::Params) -> Option<Frame> {
    let message = Message {
        jsonrpc: "2.0",
        method: N::METHOD,
        params,
    };
    match serde_json::to_string(&message) {
        Ok(body) => Some(Frame(frame(&body))),
        Err(e) => {
            error!(method = N::METHOD, "cannot serialise notification: {e}");
            None
        }
    }
}

/// `PublishDiagnosticsParams`, borrowed: an analysis keeps its diagnostics
/// for pulls and code actions, and serialising needs no copy of them.
#[derive(Serialize)]
struct Publish<'a> {
    uri: &'a Uri,
    diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i32>,
}

/// A `textDocument/publishDiagnostics`, serialised. Serialising a large
/// report's diagnostics takes a millisecond or more, so the analysis does it
/// on its own thread, not on the runtime's.
pub fn diagnostics_frame(
    uri: &Uri,
    diagnostics: &[Diagnostic],
    version: Option<i32>,
) -> Option<Frame> {
    let message = Message {
        jsonrpc: "2.0",
        method: PublishDiagnostics::METHOD,
        params: &Publish {
            uri,
            diagnostics,
            version,
        },
    };
    match serde_json::to_string(&message) {
        Ok(body) => Some(Frame(frame(&body))),
        Err(e) => {
            error!("cannot serialise diagnostics: {e}");
            None
        }
    }
}

impl Outbox {
    pub fn new(frames: UnboundedSender<Vec<u8>>) -> Outbox {
        Outbox(frames)
    }

    pub fn send(&self, frame: Option<Frame>) {
        if let Some(Frame(bytes)) = frame {
            // Fails only once the output has closed (after `exit`).
            _ = self.0.send(bytes);
        }
    }

    pub fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        self.send(diagnostics_frame(&uri, &diagnostics, version));
    }

    /// Any notification, in order with the diagnostics and before the
    /// answer to a request that sends it (the guard writes these frames
    /// first): a partial result must not arrive after its request's answer.
    pub fn notify<N: Notification>(&self, params: &N::Params) {
        self.send(frame_of::<N>(params));
    }

    pub fn show_message(&self, typ: MessageType, message: String) {
        self.send(frame_of::<ShowMessage>(&ShowMessageParams { typ, message }));
    }
}
