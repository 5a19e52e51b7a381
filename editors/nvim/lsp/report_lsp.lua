-- report-lsp for Neovim 0.11+: diagnostics, quick fixes and an outline for Chinese work
-- reports (工作总结、党建工作报告、述职报告).
--
-- Put the directory holding this `lsp/` folder on 'runtimepath' and enable it:
--
--   vim.opt.runtimepath:append('/path/to/report-lsp/editors/nvim')
--   vim.lsp.enable('report_lsp')
--
-- Change anything with vim.lsp.config() before or after enabling, e.g. the binary:
--
--   vim.lsp.config('report_lsp', { cmd = { '/path/to/report-lsp', 'serve' } })
--
-- Settings (same keys as report-lsp.toml; they override that file):
--
--   vim.lsp.config('report_lsp', {
--     settings = {
--       reportLsp = {
--         rules = { ['repeated-word'] = 'hint', misnumbered = 'off' },
--         placeholder = { patterns = { '某单位' }, regex = { '第[A-Z]季度' } },
--         ['repeated-word'] = { allow = { '研究研究' } },
--       },
--     },
--   })

---@type vim.lsp.Config
return {
  cmd = { 'report-lsp', 'serve' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'report-lsp.toml', '.git' },
  -- An empty JSON object (not `[]`): the server reads this section via
  -- workspace/configuration.
  settings = { reportLsp = vim.empty_dict() },
}
