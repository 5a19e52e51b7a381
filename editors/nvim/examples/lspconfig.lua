-- report-lsp with nvim-lspconfig's classic setup() API (Neovim 0.10, or 0.11 with an
-- lspconfig that still has it). nvim-lspconfig does not know report-lsp, so register it
-- first. On Neovim 0.11+ you do not need lspconfig at all: see lsp/report_lsp.lua.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')

if not configs.report_lsp then
  configs.report_lsp = {
    default_config = {
      cmd = { 'report-lsp', 'serve' },
      filetypes = { 'text', 'markdown' },
      root_dir = util.root_pattern('report-lsp.toml', '.git'),
      single_file_support = true,
      settings = { reportLsp = vim.empty_dict() },
    },
  }
end

require('lspconfig').report_lsp.setup({
  -- cmd = { '/full/path/to/report-lsp', 'serve' },
  -- settings = { reportLsp = { rules = { misnumbered = 'off' } } },
})
