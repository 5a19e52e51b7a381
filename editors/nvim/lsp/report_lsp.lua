-- report-lsp for Neovim 0.11+: diagnostics, quick fixes and an outline for Chinese work
-- reports (工作总结、党建工作报告、述职报告).
--
-- Put the directory holding this `lsp/` folder on 'runtimepath' and enable it:
--
--   vim.opt.runtimepath:append('/path/to/report-lsp/editors/nvim')
--   vim.lsp.enable('report_lsp')
--
-- `:checkhealth report_lsp` says which binary it found and whether it is attached;
-- `:ReportLspWorkspaceDiagnostics` lists the findings of every report in the workspace,
-- open or not (plugin/report_lsp.lua, lua/report_lsp/init.lua).
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

-- In a release archive this file is <archive>/nvim/lsp/report_lsp.lua, beside the
-- binary <archive>/report-lsp: use that one, so that the archive works without putting
-- report-lsp on PATH. Anywhere else, report-lsp from PATH.
local function default_binary()
  local exe = vim.fn.has('win32') == 1 and 'report-lsp.exe' or 'report-lsp'
  local source = debug.getinfo(1, 'S').source
  if source:sub(1, 1) == '@' then
    local archive = vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(vim.fs.normalize(source:sub(2)))))
    local beside = vim.fs.joinpath(archive, exe)
    if vim.fn.executable(beside) == 1 then
      return beside
    end
  end
  return 'report-lsp'
end

---@type vim.lsp.Config
return {
  cmd = { default_binary(), 'serve' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'report-lsp.toml', '.git' },
  -- An empty JSON object (not `[]`): the server reads this section via
  -- workspace/configuration.
  settings = { reportLsp = vim.empty_dict() },
  -- Neovim 0.11 pulls diagnostics but has no handler for workspace/diagnostic/refresh:
  -- lua/report_lsp/init.lua brings one, so that a changed setting or report-lsp.toml
  -- (忽略此处 …) shows at once, not after the next edit.
  capabilities = { workspace = { diagnostics = { refreshSupport = true } } },
  handlers = {
    -- 忽略此处 / 在本文件中停用规则 / 加入词表 edit report-lsp.toml; this writes it.
    ['workspace/applyEdit'] = function(...)
      return require('report_lsp').apply_edit(...)
    end,
    ['workspace/diagnostic/refresh'] = function(...)
      return require('report_lsp').refresh_diagnostics(...)
    end,
  },
}
