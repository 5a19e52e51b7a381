-- Test init for the Neovim 0.10 recipe (editors/nvim/examples/nvim-0.10.lua), with only
-- the binary path adjusted.
local editors = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
vim.g.report_lsp_editors_dir = editors
vim.g.report_lsp_cmd = { assert(os.getenv('REPORT_LSP_BIN'), 'set REPORT_LSP_BIN'), 'serve' }
vim.cmd.source(editors .. '/nvim/examples/nvim-0.10.lua')
