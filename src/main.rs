fn main() -> std::process::ExitCode {
    report_lsp::cli::main()
}
