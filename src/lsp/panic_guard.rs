//! A panic inside a handler must not take the language server down.
//!
//! tower-lsp-server polls every handler future inside its single `serve`
//! future: a panic there unwinds through `Server::serve` and ends the
//! process, and the editor loses diagnostics and outline for the rest of
//! the session. [`PanicGuard`] wraps the service, catches the unwind,
//! logs it with the request it was handling and answers that request with
//! JSON-RPC `InternalError` (-32603); a notification gets no answer.
//! Everything else carries on. It also answers the `$/…` requests the
//! library leaves unanswered (see [`unanswered`]).
//!
//! Left as it is: tower-lsp-server keeps a cancellation handle per request
//! id and drops it only when the handler finishes, so after a panic that id
//! stays taken (a later request reusing it is refused as invalid). Clients
//! never reuse ids.

use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;
use std::task::{Context, Poll};

use futures::future::{BoxFuture, FutureExt};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_lsp_server::ExitedError;
use tower_service::Service;
use tracing::{debug, error, warn};

/// The service wrapper; see the module documentation.
pub struct PanicGuard<S> {
    inner: S,
}

impl<S> PanicGuard<S> {
    pub fn new(inner: S) -> PanicGuard<S> {
        PanicGuard { inner }
    }
}

impl<S> Service<Request> for PanicGuard<S>
where
    S: Service<Request, Response = Option<Response>, Error = ExitedError>,
    S::Future: Send + 'static,
{
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = BoxFuture<'static, Result<Option<Response>, ExitedError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.id().is_none() {
            log_unreadable_notification(&req);
        }
        // What to log if it panics, taken now: the request moves into the
        // handler. Bounded, so a 10 MB didOpen costs no more than a hover.
        let id = req.id().cloned();
        let what = describe(&req);
        let inner = &mut self.inner;
        let fut = match std::panic::catch_unwind(AssertUnwindSafe(|| inner.call(req))) {
            Ok(fut) => fut,
            Err(payload) => {
                return futures::future::ready(Ok(answer(id, &what, &*payload))).boxed();
            }
        };
        AssertUnwindSafe(fut)
            .catch_unwind()
            .map(move |outcome| match outcome {
                Ok(Ok(None)) if id.is_some() => Ok(unanswered(id, &what)),
                Ok(result) => result,
                Err(payload) => Ok(answer(id, &what, &*payload)),
            })
            .boxed()
    }
}

/// tower-lsp-server drops a notification whose parameters do not fit its
/// type (a negative line, a missing `textDocument`) without a word; the
/// user deserves a log line saying what was ignored. Checks the
/// notifications the server handles.
fn log_unreadable_notification(req: &Request) {
    use serde::Deserialize;
    use tower_lsp_server::ls_types::notification::*;
    macro_rules! check {
        ($($n:ty),*) => {
            match req.method() {
                $(<$n>::METHOD => {
                    let params = req.params().unwrap_or(&Value::Null);
                    if let Err(e) = <<$n as Notification>::Params>::deserialize(params) {
                        warn!("ignored {}: unreadable params: {e}", describe(req));
                    }
                })*
                _ => {}
            }
        };
    }
    check!(
        DidOpenTextDocument,
        DidChangeTextDocument,
        DidSaveTextDocument,
        DidCloseTextDocument,
        DidChangeConfiguration,
        DidChangeWatchedFiles,
        Cancel
    );
}

/// tower-lsp-server drops unknown `$/…` *requests* without an answer (it
/// treats them like `$/…` notifications), so the client would wait for
/// ever. The LSP specification says: answer them with MethodNotFound.
fn unanswered(id: Option<tower_lsp_server::jsonrpc::Id>, what: &str) -> Option<Response> {
    debug!("no handler answered {what}; MethodNotFound");
    id.map(|id| Response::from_error(id, Error::method_not_found()))
}

fn answer(
    id: Option<tower_lsp_server::jsonrpc::Id>,
    what: &str,
    payload: &(dyn std::any::Any + Send),
) -> Option<Response> {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    error!("handler panicked: {message}; request: {what}");
    id.map(|id| {
        let mut error = Error::internal_error();
        error.message = format!("report-lsp internal error: {message}").into();
        Response::from_error(id, error)
    })
}

/// `method (id 7) {"textDocument":{"uri":"…","text":"…" (10485760 bytes)}}`,
/// at most about 600 characters whatever the request's size.
fn describe(req: &Request) -> String {
    let mut out = String::new();
    out.push_str(req.method());
    if let Some(id) = req.id() {
        let _ = write!(out, " (id {id})");
    }
    if let Some(params) = req.params() {
        out.push(' ');
        let mut budget = 600;
        summarize(params, &mut out, &mut budget);
    }
    out
}

fn summarize(v: &Value, out: &mut String, budget: &mut usize) {
    if *budget == 0 {
        out.push('…');
        return;
    }
    let start = out.len();
    match v {
        Value::String(s) if s.chars().count() > 60 => {
            let head: String = s.chars().take(60).collect();
            let _ = write!(out, "{:?}… ({} bytes)", head, s.len());
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if *budget == 0 {
                    let _ = write!(out, "… ({} items)", items.len());
                    break;
                }
                summarize(item, out, budget);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if *budget == 0 {
                    out.push('…');
                    break;
                }
                let _ = write!(out, "{k:?}:");
                summarize(item, out, budget);
            }
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
    *budget = budget.saturating_sub(out.len() - start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn descriptions_stay_short_for_huge_requests() {
        let req = Request::build("textDocument/didOpen")
            .params(json!({"textDocument": {"uri": "file:///a.txt", "text": "字".repeat(1 << 20)}}))
            .finish();
        let d = describe(&req);
        assert!(
            d.starts_with("textDocument/didOpen {\"textDocument\":{"),
            "{d}"
        );
        assert!(d.contains("(3145728 bytes)"), "{d}");
        assert!(d.chars().count() < 300, "{d}");

        let many = Request::build("x")
            .id(7)
            .params(json!((0..100_000).collect::<Vec<_>>()))
            .finish();
        let d = describe(&many);
        assert!(d.starts_with("x (id 7) [0,1,2,"), "{d}");
        assert!(d.contains("… (100000 items)") && d.len() < 1000, "{d}");
    }
}
