//! The language server: `report-lsp serve`. [`server`] holds the protocol
//! handlers, [`state`] the documents and configuration, [`analysis`] runs
//! the engine and keeps its results; [`diagnostics`], [`actions`],
//! [`commands`], [`hover`] and [`symbols`] answer from them, and
//! [`convert`] is where engine results become LSP types. [`document`] holds
//! positions and edits.

mod actions;
mod analysis;
mod capabilities;
mod commands;
mod convert;
mod diagnostics;
pub mod document;
mod hover;
mod outbox;
mod panic_guard;
mod server;
mod settings;
mod state;
mod symbols;
mod transport_guard;
mod workspace;

use std::process::ExitCode;

use tower_lsp_server::{jsonrpc, LspService, Server};

/// What the complexity benchmark (`benches/complexity.rs`) times of the
/// server without starting one: the steps a code action request takes.
#[doc(hidden)]
pub mod bench {
    use tower_lsp_server::ls_types::{
        CodeActionContext, CodeActionParams, PartialResultParams, Position, Range,
        TextDocumentIdentifier, Uri, WorkDoneProgressParams,
    };

    use super::actions::{self, FixAllBy};
    use super::analysis::Analysed;
    use super::document::{Document, Encoding};
    use super::settings::ServerSettings;
    use crate::engine::{Config, DocumentKind, ParagraphCache};

    /// A document analysed as the server analyses an open one.
    pub struct Analysis {
        doc: Document,
        analysed: Analysed,
    }

    pub fn analyse(text: &str) -> Analysis {
        let doc = Document::new(text.to_string(), 1, DocumentKind::PlainText);
        let analysed = Analysed::of(
            &doc,
            &mut ParagraphCache::default(),
            Config::default(),
            0,
            Encoding::Utf16,
            &ServerSettings::default(),
            None,
        );
        Analysis { doc, analysed }
    }

    impl Analysis {
        pub fn findings(&self) -> usize {
            self.analysed.findings.len()
        }

        /// Converts every finding's range to positions again.
        pub fn convert(&self) -> usize {
            let spans = self.analysed.findings.iter().map(|f| f.range.clone());
            self.doc.ranges(spans, Encoding::Utf16).len()
        }

        /// The code actions of a request over the whole document, as a
        /// client that resolves fix-all asks for them; and fix-all's edits.
        pub fn code_actions(&self) -> usize {
            let end = self.doc.position(self.doc.text().len(), Encoding::Utf16);
            let params = CodeActionParams {
                text_document: TextDocumentIdentifier {
                    uri: "file:///bench.txt".parse::<Uri>().expect("a URI"),
                },
                range: Range::new(Position::new(0, 0), end),
                context: CodeActionContext::default(),
                work_done_progress_params: WorkDoneProgressParams::default(),
                partial_result_params: PartialResultParams::default(),
            };
            let listed =
                actions::code_actions(&params, &self.doc, &self.analysed, true, FixAllBy::Resolve);
            let fixes = crate::engine::safe_fix_indices(&self.analysed.findings);
            let edit = actions::fix_all_edit(&params.text_document.uri, &self.analysed, &fixes);
            listed.len() + edit.changes.map_or(0, |c| c.len())
        }
    }
}

/// Handlers that may run at once.
const CONCURRENCY: usize = 32;

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn serve() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("REPORT_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
    limit_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("report-lsp: 无法启动运行时：{e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        // Frames written beside the library's output: the guard's answers to
        // bad input and the server's diagnostics.
        let (frames, frames_rx) = tokio::sync::mpsc::unbounded_channel();
        let outbox = outbox::Outbox::new(frames.clone());
        let mut builder =
            LspService::build(move |client| server::Backend::new(client, outbox.clone()));
        if std::env::var_os(PANIC_HOOK_ENV).is_some() {
            builder = builder
                .custom_method(PANIC_REQUEST, panic_request)
                .custom_method(PANIC_NOTIFICATION, panic_notification);
        }
        let (service, socket) = builder.finish();
        // Malformed input is answered by the guard and never reaches the
        // library, whose reader stops for good at its first decoding error.
        let (guard_in, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, guard_out) = tokio::io::duplex(1 << 20);
        tokio::spawn(transport_guard::pump_input(
            tokio::io::stdin(),
            guard_in,
            frames,
        ));
        let output = tokio::spawn(transport_guard::pump_output(
            guard_out,
            tokio::io::stdout(),
            frames_rx,
        ));
        // A panicking handler answers InternalError instead of ending the process.
        // Requests that wait (a workspace pull held until something
        // changes, code actions waiting for the analysis of the current
        // version) must not keep the others from being read.
        Server::new(server_in, server_out, socket)
            .concurrency_level(CONCURRENCY)
            .serve(panic_guard::PanicGuard::new(service))
            .await;
        let _ = output.await;
    });
    // Reading stdin parks a blocking thread that would hold up a normal
    // runtime drop; after `exit` nothing is left to wait for.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}

/// glibc gives each thread that allocates an arena of its own, up to eight
/// per core, and memory freed in one is not reused by another. Analyses run
/// on whichever blocking thread is free and opening a long report fans out
/// over fresh threads, so with a 1M-character report open the arenas held
/// ~35 of the server's ~67 MB, mostly free but unreturnable. Two arenas keep
/// it near 45 MB with no measurable cost in latency (docs/PERFORMANCE.md).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // thread of ours exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Test hook, not a feature: with this variable set, `serve()` adds the two
/// methods below, which panic inside a handler so the tests can check that
/// a panic is answered with InternalError and the server keeps serving.
/// Unset (always, outside the tests), the methods do not exist.
const PANIC_HOOK_ENV: &str = "REPORT_LSP_TEST_PANIC_HOOK";
/// Test-only request: panics with the `message` parameter.
const PANIC_REQUEST: &str = "$/report-lsp/panic";
/// Test-only notification: panics with the `message` parameter.
const PANIC_NOTIFICATION: &str = "$/report-lsp/panicNotification";

#[derive(serde::Deserialize)]
struct PanicParams {
    message: String,
}

async fn panic_request(
    _: &server::Backend,
    params: PanicParams,
) -> jsonrpc::Result<serde_json::Value> {
    panic!("{}", params.message)
}

async fn panic_notification(_: &server::Backend, params: PanicParams) {
    panic!("{}", params.message)
}
