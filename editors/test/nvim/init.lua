-- Test init for Neovim 0.11+: exactly what editors/nvim/README.md tells a user to put in
-- init.lua, with only the binary path adjusted ($REPORT_LSP_BIN).
local editors = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
vim.g.report_lsp_editors_dir = editors

vim.opt.runtimepath:append(editors .. '/nvim')
local bin = assert(os.getenv('REPORT_LSP_BIN'), 'set REPORT_LSP_BIN')
vim.lsp.config('report_lsp', { cmd = { bin, 'serve' } })
vim.lsp.enable('report_lsp')
