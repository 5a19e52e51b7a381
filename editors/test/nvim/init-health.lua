-- Test init for the health check and the release archive: the two lines
-- editors/nvim/README.md tells a user to add, nothing else — no cmd, so the binary comes
-- from the archive (beside its nvim/ directory) or from PATH.
vim.opt.runtimepath:append(assert(os.getenv('REPORT_LSP_RTP'), 'set REPORT_LSP_RTP'))
vim.lsp.enable('report_lsp')
