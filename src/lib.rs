//! report-lsp: a checker and language server for Chinese work reports.
//!
//! [`engine`] is the pure analysis; [`cli`] and [`lsp`] are thin layers on
//! top of it, sharing file decoding and configuration discovery.

pub mod cli;
pub mod config_edit;
pub mod config_file;
pub mod decode;
pub mod discover;
pub mod docx;
pub mod engine;
pub mod lsp;
