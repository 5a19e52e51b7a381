//! The language server: `report-lsp serve`. [`server`] holds the protocol
//! handlers and document store, [`document`] positions and edits,
//! [`convert`] and [`actions`] turn engine results into LSP types.

mod actions;
mod convert;
pub mod document;
mod server;

use std::process::ExitCode;

use tower_lsp_server::{LspService, Server};

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn serve() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("REPORT_LSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .init();
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
        let (service, socket) = LspService::new(server::Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Reading stdin parks a blocking thread that would hold up a normal
    // runtime drop; after `exit` nothing is left to wait for.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}
